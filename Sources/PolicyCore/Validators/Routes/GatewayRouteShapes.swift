import PolicyAPI

/// The shapes Linkerd decodes Gateway API route specs into (the `gateway-api` crate's types it builds on), written
/// in the schema DSL: JSON types, required members and the enums Linkerd's types name.
///
/// A spec that breaks one of these cannot be read by Linkerd, so the route is admitted with a warning instead of
/// checked (linkerd2 admission.rs treats Gateway API kinds leniently for interoperability). Unknown members are
/// ignored, as serde ignores them.
enum GatewayRouteShapes {
    // MARK: - Shared

    private static let parentRef: Schema = .object(
        [
            "group": .string(), "kind": .string(), "namespace": .string(), "name": .string(),
            "sectionName": .string(), "port": .integer(),
        ],
        required: ["name"]
    )

    private static let headerList: Schema = .array(
        items: .object(["name": .string(), "value": .string()], required: ["name", "value"])
    )

    private static let headerModifier: Schema = .object([
        "set": Self.headerList, "add": Self.headerList, "remove": .array(items: .string()),
    ])

    private static let headerMatch: Schema = .object(
        ["name": .string(), "value": .string(), "type": .enum(["Exact", "RegularExpression"])],
        required: ["name", "value"]
    )

    private static let backendObject: Schema = .object(
        [
            "group": .string(), "kind": .string(), "name": .string(), "namespace": .string(), "port": .integer(),
        ],
        required: ["name"]
    )

    private static let extensionRef: Schema = .object(
        ["group": .string(), "kind": .string(), "name": .string()],
        required: ["group", "kind", "name"]
    )

    private static let requestMirror: Schema = .object(["backendRef": Self.backendObject], required: ["backendRef"])

    private static let pathModifier: Schema = .object(
        [
            "type": .enum(["ReplaceFullPath", "ReplacePrefixMatch"]),
            "replaceFullPath": .string(), "replacePrefixMatch": .string(),
        ],
        required: ["type"]
    )

    private static func backendRef(filter: Schema) -> Schema {
        .object(
            [
                "group": .string(), "kind": .string(), "name": .string(), "namespace": .string(),
                "port": .integer(), "weight": .integer(), "filters": .array(items: filter),
            ],
            required: ["name"]
        )
    }

    private static func spec(rule: Schema, hostnames: Bool = true) -> Schema {
        var properties: SchemaProperties = ["parentRefs": .array(items: Self.parentRef), "rules": .array(items: rule)]
        if hostnames { properties.declare("hostnames", .array(items: .string())) }
        return .object(properties)
    }

    // MARK: - HTTPRoute

    private static let httpFilter: Schema = .object(
        [
            "type": .enum([
                "RequestHeaderModifier", "ResponseHeaderModifier", "RequestMirror", "RequestRedirect", "URLRewrite",
                "ExtensionRef",
            ]),
            "requestHeaderModifier": Self.headerModifier,
            "responseHeaderModifier": Self.headerModifier,
            "requestMirror": Self.requestMirror,
            "requestRedirect": .object([
                "scheme": .enum(["http", "https"]), "hostname": .string(), "path": Self.pathModifier,
                "port": .integer(), "statusCode": .integer(),
            ]),
            "urlRewrite": .object(["hostname": .string(), "path": Self.pathModifier]),
            "extensionRef": Self.extensionRef,
        ],
        required: ["type"]
    )

    private static let httpMatch: Schema = .object([
        "path": .object(["type": .enum(["Exact", "PathPrefix", "RegularExpression"]), "value": .string()]),
        "headers": .array(items: Self.headerMatch),
        "queryParams": .array(items: Self.headerMatch),
        "method": .enum(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]),
    ])

    static let httpRouteSpec = Self.spec(
        rule: .object([
            "matches": .array(items: Self.httpMatch),
            "filters": .array(items: Self.httpFilter),
            "backendRefs": .array(items: Self.backendRef(filter: Self.httpFilter)),
            "timeouts": .object(["request": .string(), "backendRequest": .string()]),
        ])
    )

    // MARK: - GRPCRoute

    private static let grpcFilter: Schema = .object(
        [
            "type": .enum(["RequestHeaderModifier", "ResponseHeaderModifier", "RequestMirror", "ExtensionRef"]),
            "requestHeaderModifier": Self.headerModifier,
            "responseHeaderModifier": Self.headerModifier,
            "requestMirror": Self.requestMirror,
            "extensionRef": Self.extensionRef,
        ],
        required: ["type"]
    )

    static let grpcRouteSpec = Self.spec(
        rule: .object([
            "matches": .array(
                items: .object([
                    "method": .object([
                        "type": .enum(["Exact", "RegularExpression"]), "service": .string(), "method": .string(),
                    ]),
                    "headers": .array(items: Self.headerMatch),
                ])
            ),
            "filters": .array(items: Self.grpcFilter),
            "backendRefs": .array(items: Self.backendRef(filter: Self.grpcFilter)),
        ])
    )

    // MARK: - TLSRoute and TCPRoute

    private static let streamRule: Schema = .object(["backendRefs": .array(items: Self.backendRef(filter: .any))])

    static let tlsRouteSpec = Self.spec(rule: Self.streamRule)
    static let tcpRouteSpec = Self.spec(rule: Self.streamRule, hostnames: false)
}

/// The Gateway API route kinds the webhook admits. The switches are exhaustive, so a kind added here without its
/// shape does not compile, and the registry has an entry for exactly these kinds.
package enum GatewayRouteKind: String, CaseIterable, Sendable {
    case httpRoute = "HTTPRoute"
    case grpcRoute = "GRPCRoute"
    case tlsRoute = "TLSRoute"
    case tcpRoute = "TCPRoute"

    /// The plural resource name, as webhook rules spell it.
    package var resource: String {
        switch self {
        case .httpRoute: "httproutes"
        case .grpcRoute: "grpcroutes"
        case .tlsRoute: "tlsroutes"
        case .tcpRoute: "tcproutes"
        }
    }

    /// The spec shape Linkerd decodes this kind into.
    var spec: Schema {
        switch self {
        case .httpRoute: GatewayRouteShapes.httpRouteSpec
        case .grpcRoute: GatewayRouteShapes.grpcRouteSpec
        case .tlsRoute: GatewayRouteShapes.tlsRouteSpec
        case .tcpRoute: GatewayRouteShapes.tcpRouteSpec
        }
    }
}
