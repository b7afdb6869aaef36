import PolicyAPI

/// NetworkAuthentication (policy.linkerd.io v1alpha1): the CRD schema, at least one network, and the cidr and
/// exception rules of `Network`.
///
/// Mirrors linkerd2 admission.rs, `Validate<NetworkAuthenticationSpec>` and `validate_networks`.
package struct NetworkAuthenticationValidator: ObjectValidator {
    package init() {}

    static let schema: Schema = .object(
        ["spec": .object(["networks": .any], required: ["networks"])],
        required: ["spec"]
    )

    package func validate(_ object: JSONValue, context: ValidationContext, into report: inout ValidationReport) {
        SchemaValidator.validate(object, against: Self.schema, at: .root, into: &report)
        Network.validateSpecNetworks(of: object, ifEmpty: "at least one network must be specified", into: &report)
    }
}
