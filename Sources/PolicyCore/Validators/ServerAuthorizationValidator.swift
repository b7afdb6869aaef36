import PolicyAPI

/// ServerAuthorization (policy.linkerd.io v1alpha1, v1beta1): the CRD schema, rule 2's three exactly-one-of
/// choices, selector and network rules, and rule 4's warning for a `server.name` the cache does not hold.
///
/// Mirrors linkerd2 admission.rs, `Validate<ServerAuthorizationSpec>` (networks, meshTLS with unauthenticated),
/// made stricter as the 2.11 CRD oneOfs were: the booleans `unauthenticated` and `unauthenticatedTLS` count as set
/// only when `true`.
package struct ServerAuthorizationValidator: ObjectValidator {
    package init() {}

    /// The versions the CRD serves; every one has the same schema, so the registry lists exactly these.
    package static let versions = ["v1alpha1", "v1beta1"]

    package func coverage(of kind: GroupVersionKind) -> ValidatorCoverage? {
        Self.versions.contains(kind.version) ? .schema(ServerAuthorizationSchema.schema) : nil
    }

    package func validate(_ object: JSONValue, context: ValidationContext, into report: inout ValidationReport) {
        SchemaValidator.validate(object, against: ServerAuthorizationSchema.schema, at: .root, into: &report)
        guard let spec = object["spec"], spec.objectValue != nil else { return }
        let specPath = FieldPath.spec
        if let server = spec.presentMember("server"), server.objectValue != nil {
            Self.validateServer(server, at: specPath.field("server"), context: context, into: &report)
        }
        if let client = spec.presentMember("client"), client.objectValue != nil {
            Self.validateClient(client, at: specPath.field("client"), into: &report)
        }
    }

    /// `server`: exactly one of `name` and `selector`; a selector's rules; a warning for a missing named Server.
    private static func validateServer(
        _ server: JSONValue, at path: FieldPath, context: ValidationContext, into report: inout ValidationReport
    ) {
        let name = server.presentMember("name")
        let selector = server.presentMember("selector")
        ExactlyOneOf.check(["name": name != nil, "selector": selector != nil], at: path, into: &report)
        if let selector {
            LabelSelectorRules.validate(selector, at: path.field("selector"), into: &report)
        }
        if selector == nil, let serverName = name?.stringValue,
            let warning = MissingServerWarning.text(at: path.field("name"), name: serverName, context: context)
        {
            report.warn(warning)
        }
    }

    /// `client`: exactly one of `meshTLS` and `unauthenticated: true`; meshTLS's own choice; networks.
    private static func validateClient(_ client: JSONValue, at path: FieldPath, into report: inout ValidationReport) {
        let meshTLS = client.presentMember("meshTLS")
        ExactlyOneOf.check(
            ["meshTLS": meshTLS != nil, "unauthenticated": client["unauthenticated"]?.boolValue == true],
            at: path, into: &report
        )
        if let meshTLS, meshTLS.objectValue != nil {
            ExactlyOneOf.check(
                [
                    "unauthenticatedTLS": meshTLS["unauthenticatedTLS"]?.boolValue == true,
                    "identities": meshTLS.presentMember("identities") != nil,
                    "serviceAccounts": meshTLS.presentMember("serviceAccounts") != nil,
                ],
                at: path.field("meshTLS"), into: &report
            )
        }
        if let networks = client.presentMember("networks") {
            Network.validateList(networks, at: path.field("networks"), into: &report)
        }
    }
}
