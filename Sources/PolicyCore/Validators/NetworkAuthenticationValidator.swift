import PolicyAPI

/// NetworkAuthentication (policy.linkerd.io v1alpha1): the CRD schema, at least one network, and the cidr and
/// exception rules of `Network`.
///
/// Mirrors linkerd2 admission.rs, `Validate<NetworkAuthenticationSpec>` and `validate_networks`.
package struct NetworkAuthenticationValidator: ObjectValidator {
    package init() {}

    /// The versions the CRD serves; every one has the same schema, so the registry lists exactly these.
    package static let versions = ["v1alpha1"]

    package func coverage(of kind: GroupVersionKind) -> ValidatorCoverage? {
        Self.versions.contains(kind.version) ? .schema(Self.schema) : nil
    }

    static let schema: Schema = .object(
        ["spec": .object(["networks": .any], required: ["networks"])],
        required: ["spec"]
    )

    package func validate(_ object: JSONValue, context: ValidationContext, into report: inout ValidationReport) {
        SchemaValidator.validate(object, against: Self.schema, at: .root, into: &report)
        Network.validateSpecNetworks(of: object, ifEmpty: "at least one network must be specified", into: &report)
    }
}
