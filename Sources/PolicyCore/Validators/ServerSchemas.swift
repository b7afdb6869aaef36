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

    /// An object whose `spec` is required.
    static func root(spec: Schema) -> Schema {
        .object(["spec": spec], required: ["spec"])
    }
}

/// The Server versions the CRD serves. The switches below are exhaustive, so a version added here without its schema
/// does not compile, and the registry lists exactly these versions.
package enum ServerVersion: String, CaseIterable, Sendable {
    case v1alpha1, v1beta1, v1beta2, v1beta3

    /// Every version's name, in the CRD's order.
    package static let names = Self.allCases.map(\.rawValue)

    /// The CRD schema of this version.
    var schema: Schema {
        switch self {
        case .v1alpha1, .v1beta1: ServerSchemas.podSelectorRequired
        case .v1beta2, .v1beta3: ServerSchemas.eitherSelector
        }
    }

    /// Whether this version allows `externalWorkloadSelector` (and so has the selector oneOf).
    var hasExternalWorkloads: Bool {
        switch self {
        case .v1alpha1, .v1beta1: false
        case .v1beta2, .v1beta3: true
        }
    }
}
