/// The openAPIV3Schema of each served Server version (linkerd2 charts/linkerd-crds/templates/policy/server.yaml):
/// what the API server enforces before the webhook's stricter rules.
///
/// Selectors are `.any` here: `LabelSelectorRules` checks them fully (types included) for every version, so a
/// defect is reported once.
enum ServerSchemas {
    /// v1alpha1 and v1beta1: `podSelector` and `port` are required.
    static let podSelectorRequired = Self.root(
        spec: .object(
            [
                "podSelector": .any,
                "port": .intOrString,
                "proxyProtocol": .string(),
                "accessPolicy": .string(),
            ],
            required: ["podSelector", "port"]
        )
    )

    /// v1beta2 and v1beta3: `port` is required; `podSelector` or `externalWorkloadSelector` (rule 2 checks the
    /// oneOf).
    static let eitherSelector = Self.root(
        spec: .object(
            [
                "podSelector": .any,
                "externalWorkloadSelector": .any,
                "port": .intOrString,
                "proxyProtocol": .string(),
                "accessPolicy": .string(),
            ],
            required: ["port"]
        )
    )

    /// The schema for a served version; nil for a version the CRD does not serve.
    static func schema(for version: String) -> Schema? {
        switch version {
        case "v1alpha1", "v1beta1": return Self.podSelectorRequired
        case "v1beta2", "v1beta3": return Self.eitherSelector
        default: return nil
        }
    }

    /// Whether `version` allows `externalWorkloadSelector` (and so has the selector oneOf).
    static func hasExternalWorkloads(_ version: String) -> Bool {
        version == "v1beta2" || version == "v1beta3"
    }

    /// An object whose `spec` is required.
    static func root(spec: Schema) -> Schema {
        .object(["spec": spec], required: ["spec"])
    }
}
