import PolicyAPI

/// The openAPIV3Schema of policy.linkerd.io HTTPLocalRateLimitPolicy v1alpha1.
///
/// Transcribed from linkerd2 `charts/linkerd-crds/templates/policy/http-local-ratelimit-policy.yaml`:
/// `requestsPerSecond` is an int64 there; Linkerd's narrower u32 is checked by `RateLimitPolicyValidator`.
enum RateLimitPolicySchema {
    /// A `{group, kind, name}` reference; `namespace` too for client references.
    private static func reference(namespaced: Bool) -> Schema {
        var properties: SchemaProperties = [
            "group": .string(RouteFormats.group),
            "kind": .string(RouteFormats.kind),
            "name": .string(RouteFormats.name),
        ]
        if namespaced { properties.declare("namespace", .string(RouteFormats.namespace)) }
        return .object(properties, required: ["kind", "name"])
    }

    private static let limit: Schema = .object(["requestsPerSecond": .integer()], required: ["requestsPerSecond"])

    static let v1alpha1: Schema = .object(
        [
            "spec": .object(
                [
                    "targetRef": Self.reference(namespaced: false),
                    "total": Self.limit,
                    "identity": Self.limit,
                    "overrides": .array(
                        items: .object(
                            [
                                "requestsPerSecond": .integer(),
                                "clientRefs": .array(items: Self.reference(namespaced: true)),
                            ],
                            required: ["requestsPerSecond", "clientRefs"]
                        )
                    ),
                ],
                required: ["targetRef"]
            )
        ],
        required: ["spec"]
    )
}

/// The HTTPLocalRateLimitPolicy versions the CRD serves; the registry lists exactly these, each with its schema.
package enum RateLimitPolicyVersion: String, CaseIterable, Sendable {
    case v1alpha1

    /// Every version's name, in the CRD's order.
    package static let names = Self.allCases.map(\.rawValue)

    /// The CRD schema of this version.
    var schema: Schema {
        switch self {
        case .v1alpha1: RateLimitPolicySchema.v1alpha1
        }
    }
}
