import PolicyAPI

/// The openAPIV3Schema of each served policy.linkerd.io HTTPRoute version, as the API server enforces it.
///
/// Transcribed from linkerd2 `charts/linkerd-crds/templates/policy/httproute.yaml`: every version shares the Gateway
/// API v0.x match and filter shapes (rule filters limited to RequestHeaderModifier and RequestRedirect); v1beta2
/// adds full backendRefs with bounded ports, and v1beta3 adds rule `timeouts` (`format: duration`, checked by
/// `HTTPRouteTimeoutChecks`). Redirect `statusCode` (an integer enum) is checked by `PolicyHTTPRouteValidator`.
enum PolicyHTTPRouteSchema {
    /// The filter types a rule may use in every version.
    static let ruleFilterTypes = ["RequestHeaderModifier", "RequestRedirect"]

    static let legacy = Self.root(fullBackendRefs: false, timeouts: false)
    static let v1beta2 = Self.root(fullBackendRefs: true, timeouts: false)
    static let v1beta3 = Self.root(fullBackendRefs: true, timeouts: true)

    // MARK: - Builders

    private static func root(fullBackendRefs: Bool, timeouts: Bool) -> Schema {
        var rule: SchemaProperties = [
            "matches": .array(items: Self.match, maxItems: 8),
            "filters": .array(items: Self.filter(types: Self.ruleFilterTypes), maxItems: 16),
            "backendRefs": fullBackendRefs
                ? .array(items: Self.backendRef, maxItems: 16) : .array(items: Self.legacyBackendRef),
        ]
        if timeouts {
            rule.declare("timeouts", .object(["request": .string(), "backendRequest": .string()]))
        }
        let spec: Schema = .object([
            "hostnames": .array(items: .string(RouteFormats.hostname), maxItems: 16),
            "parentRefs": .array(items: Self.parentRef(boundedPort: fullBackendRefs), maxItems: 32),
            "rules": .array(items: .object(rule), maxItems: 16),
        ])
        return .object(["spec": spec], required: ["spec"])
    }

    private static func parentRef(boundedPort: Bool) -> Schema {
        .object(
            [
                "group": .string(RouteFormats.group),
                "kind": .string(RouteFormats.kind),
                "name": .string(RouteFormats.name),
                "namespace": .string(RouteFormats.namespace),
                "port": boundedPort ? .integer(minimum: 1, maximum: 65535) : .integer(),
                "sectionName": .string(RouteFormats.subdomain),
            ],
            required: ["name"]
        )
    }

    private static let match: Schema = .object([
        "path": .object([
            "type": .enum(["Exact", "PathPrefix", "RegularExpression"]),
            "value": .string(StringConstraint(maxLength: 1024)),
        ]),
        "headers": .array(
            items: .object(
                [
                    "name": .string(RouteFormats.headerName),
                    "type": .enum(["Exact", "RegularExpression"]),
                    "value": .string(StringConstraint(minLength: 1, maxLength: 4096)),
                ],
                required: ["name", "value"]
            ),
            maxItems: 16
        ),
        "queryParams": .array(
            items: .object(
                [
                    "name": .string(StringConstraint(minLength: 1, maxLength: 256)),
                    "type": .enum(["Exact", "RegularExpression"]),
                    "value": .string(StringConstraint(minLength: 1, maxLength: 1024)),
                ],
                required: ["name", "value"]
            ),
            maxItems: 16
        ),
        "method": .enum(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]),
    ])

    private static let headerList: Schema = .array(
        items: .object(
            [
                "name": .string(RouteFormats.headerName),
                "value": .string(StringConstraint(minLength: 1, maxLength: 4096)),
            ],
            required: ["name", "value"]
        ),
        maxItems: 16
    )

    private static let headerModifier: Schema = .object([
        "set": Self.headerList,
        "add": Self.headerList,
        "remove": .array(items: .string(), maxItems: 16),
    ])

    private static let redirect: Schema = .object([
        "scheme": .enum(["http", "https"]),
        "hostname": .string(RouteFormats.subdomain),
        "path": .object(
            [
                "type": .enum(["ReplaceFullPath", "ReplacePrefixMatch"]),
                "replaceFullPath": .string(StringConstraint(maxLength: 1024)),
                "replacePrefixMatch": .string(StringConstraint(maxLength: 1024)),
            ],
            required: ["type"]
        ),
        "port": .integer(minimum: 1, maximum: 65535),
        "statusCode": .integer(),
    ])

    private static func filter(types: [String]) -> Schema {
        .object(
            [
                "type": .enum(types),
                "requestHeaderModifier": Self.headerModifier,
                "responseHeaderModifier": Self.headerModifier,
                "requestRedirect": Self.redirect,
            ],
            required: ["type"]
        )
    }

    private static let backendRef: Schema = .object(
        [
            "group": .string(RouteFormats.group),
            "kind": .string(RouteFormats.kind),
            "name": .string(RouteFormats.name),
            "namespace": .string(RouteFormats.namespace),
            "port": .integer(minimum: 1, maximum: 65535),
            "weight": .integer(minimum: 0, maximum: 1_000_000),
            "filters": .array(
                items: Self.filter(types: ["RequestHeaderModifier", "ResponseHeaderModifier", "RequestRedirect"]),
                maxItems: 16
            ),
        ],
        required: ["name"]
    )

    private static let legacyBackendRef: Schema = .object([
        "name": .string(),
        "port": .integer(),
        "namespace": .string(),
        "filters": .any,
    ])
}

/// The policy.linkerd.io HTTPRoute versions the CRD serves. The switches are exhaustive, so a version added here
/// without its schema does not compile, and the registry lists exactly these versions.
package enum PolicyHTTPRouteVersion: String, CaseIterable, Sendable {
    case v1alpha1, v1beta1, v1beta2, v1beta3

    /// Every version's name, in the CRD's order.
    package static let names = Self.allCases.map(\.rawValue)

    /// The CRD schema of this version.
    var schema: Schema {
        switch self {
        case .v1alpha1, .v1beta1: PolicyHTTPRouteSchema.legacy
        case .v1beta2: PolicyHTTPRouteSchema.v1beta2
        case .v1beta3: PolicyHTTPRouteSchema.v1beta3
        }
    }

    /// Whether rules carry `timeouts` in this version.
    var hasRuleTimeouts: Bool {
        switch self {
        case .v1alpha1, .v1beta1, .v1beta2: false
        case .v1beta3: true
        }
    }
}
