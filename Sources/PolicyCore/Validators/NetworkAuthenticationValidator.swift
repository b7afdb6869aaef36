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
        guard let spec = object["spec"], spec.objectValue != nil else { return }
        let path = FieldPath.root.field("spec").field("networks")
        guard let networks = spec.presentMember("networks") else { return }
        if networks.arrayValue?.isEmpty == true {
            report.add(.semantic, at: path, "is empty; at least one network must be specified")
        }
        Network.validateList(networks, at: path, into: &report)
    }
}
