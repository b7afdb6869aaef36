import PolicyAPI

/// EgressNetwork (policy.linkerd.io v1alpha1): the CRD schema (`trafficPolicy` required, `Allow` or `Deny`),
/// `networks` optional but not empty, and the cidr and exception rules of `Network`.
///
/// Mirrors linkerd2 admission.rs, `Validate<EgressNetworkSpec>` and `validate_networks`.
package struct EgressNetworkValidator: ObjectValidator {
    package init() {}

    /// The versions the CRD serves; every one has the same schema, so the registry lists exactly these.
    package static let versions = ["v1alpha1"]

    package func coverage(of kind: GroupVersionKind) -> ValidatorCoverage? {
        Self.versions.contains(kind.version) ? .schema(Self.schema) : nil
    }

    static let schema: Schema = .object(
        [
            "spec": .object(
                ["trafficPolicy": .enum(["Allow", "Deny"]), "networks": .any],
                required: ["trafficPolicy"]
            )
        ],
        required: ["spec"]
    )

    package func validate(_ object: JSONValue, context: ValidationContext, into report: inout ValidationReport) {
        SchemaValidator.validate(object, against: Self.schema, at: .root, into: &report)
        Network.validateSpecNetworks(of: object, ifEmpty: "omit networks or specify at least one network", into: &report)
    }
}
