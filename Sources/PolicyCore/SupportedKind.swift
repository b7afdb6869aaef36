import PolicyAPI

/// One kind the webhook validates: the single source of truth for routing reviews, for `kinds` output and for the
/// chart's webhook rules.
///
/// A class: every review looks its kind up more than once, and handing out a struct of six reference-counted
/// fields cost a retain and a release of each, each time.
package final class SupportedKind: Sendable {
    package let group: String
    package let kind: String
    /// The plural resource name, as webhook rules spell it.
    package let resource: String
    /// The served versions the rules know; for lenient kinds any version is accepted.
    package let versions: [String]
    /// Gateway API kinds: admitted with a warning when they cannot be read (interoperability).
    package let isLenient: Bool
    /// Whether the verdict can depend on the cluster cache (so an unsynced cache matters).
    package let needsCache: Bool
    package let validators: [any ObjectValidator]
    /// What the validators read of an object of this kind (the request path builds only that).
    package let readPlan: JSONReadPlan

    package init(
        group: String, kind: String, resource: String, versions: [String], isLenient: Bool = false,
        needsCache: Bool = false, readPlan: JSONReadPlan = ReadPlans.policyObject, validators: [any ObjectValidator]
    ) {
        self.readPlan = readPlan
        self.group = group
        self.kind = kind
        self.resource = resource
        self.versions = versions
        self.isLenient = isLenient
        self.needsCache = needsCache
        self.validators = validators
    }
}

/// The table of every kind the webhook validates.
package struct KindRegistry: Sendable {
    package let kinds: [SupportedKind]
    /// Entry positions by kind name (a kind name is shared by at most a few groups: HTTPRoute).
    private let positionsByKind: [String: [Int]]

    package init(_ kinds: [SupportedKind]) {
        self.kinds = kinds
        var positions: [String: [Int]] = [:]
        for (position, kind) in kinds.enumerated() { positions[kind.kind, default: []].append(position) }
        self.positionsByKind = positions
    }

    /// The entry for a group and kind, if the webhook validates it (no string is built on this path).
    package func lookup(group: String, kind: String) -> SupportedKind? {
        guard let positions = self.positionsByKind[kind] else { return nil }
        for position in positions where self.kinds[position].group == group { return self.kinds[position] }
        return nil
    }
}

extension KindRegistry {
    static let policyGroup = "policy.linkerd.io"
    static let gatewayGroup = "gateway.networking.k8s.io"
    static let gatewayVersions = ["v1", "v1beta1", "v1alpha2", "v1alpha3"]

    /// Every kind this webhook validates, with its validators.
    package static let standard = KindRegistry([
        SupportedKind(
            group: policyGroup, kind: "Server", resource: "servers",
            versions: ["v1alpha1", "v1beta1", "v1beta2", "v1beta3"], needsCache: true,
            validators: [ServerValidator(), ServerOverlapValidator()]
        ),
        SupportedKind(
            group: policyGroup, kind: "ServerAuthorization", resource: "serverauthorizations",
            versions: ["v1alpha1", "v1beta1"], validators: [ServerAuthorizationValidator()]
        ),
        SupportedKind(
            group: policyGroup, kind: "AuthorizationPolicy", resource: "authorizationpolicies",
            versions: ["v1alpha1"], validators: [AuthorizationPolicyValidator()]
        ),
        SupportedKind(
            group: policyGroup, kind: "MeshTLSAuthentication", resource: "meshtlsauthentications",
            versions: ["v1alpha1"], validators: [MeshTLSAuthenticationValidator()]
        ),
        SupportedKind(
            group: policyGroup, kind: "NetworkAuthentication", resource: "networkauthentications",
            versions: ["v1alpha1"], validators: [NetworkAuthenticationValidator()]
        ),
        SupportedKind(
            group: policyGroup, kind: "HTTPRoute", resource: "httproutes",
            versions: ["v1alpha1", "v1beta1", "v1beta2", "v1beta3"], readPlan: ReadPlans.routeObject,
            validators: [PolicyHTTPRouteValidator()]
        ),
        SupportedKind(
            group: policyGroup, kind: "EgressNetwork", resource: "egressnetworks",
            versions: ["v1alpha1"], validators: [EgressNetworkValidator()]
        ),
        SupportedKind(
            group: policyGroup, kind: "HTTPLocalRateLimitPolicy", resource: "httplocalratelimitpolicies",
            versions: ["v1alpha1"], validators: [RateLimitPolicyValidator()]
        ),
        SupportedKind(
            group: gatewayGroup, kind: "HTTPRoute", resource: "httproutes", versions: gatewayVersions,
            isLenient: true, readPlan: ReadPlans.routeObject, validators: [GatewayRouteValidator()]
        ),
        SupportedKind(
            group: gatewayGroup, kind: "GRPCRoute", resource: "grpcroutes", versions: gatewayVersions,
            isLenient: true, readPlan: ReadPlans.routeObject, validators: [GatewayRouteValidator()]
        ),
        SupportedKind(
            group: gatewayGroup, kind: "TLSRoute", resource: "tlsroutes", versions: gatewayVersions,
            isLenient: true, readPlan: ReadPlans.routeObject, validators: [GatewayRouteValidator()]
        ),
        SupportedKind(
            group: gatewayGroup, kind: "TCPRoute", resource: "tcproutes", versions: gatewayVersions,
            isLenient: true, readPlan: ReadPlans.routeObject, validators: [GatewayRouteValidator()]
        ),
        SupportedKind(
            group: "", kind: "Namespace", resource: "namespaces", versions: ["v1"], readPlan: ReadPlans.metadataOnly,
            validators: [DefaultInboundPolicyValidator()]
        ),
        SupportedKind(
            group: "", kind: "Pod", resource: "pods", versions: ["v1"], readPlan: ReadPlans.metadataOnly,
            validators: [DefaultInboundPolicyValidator()]
        ),
        SupportedKind(
            group: "apps", kind: "Deployment", resource: "deployments", versions: ["v1"], readPlan: ReadPlans.podTemplate,
            validators: [DefaultInboundPolicyValidator()]
        ),
        SupportedKind(
            group: "apps", kind: "StatefulSet", resource: "statefulsets", versions: ["v1"], readPlan: ReadPlans.podTemplate,
            validators: [DefaultInboundPolicyValidator()]
        ),
        SupportedKind(
            group: "apps", kind: "DaemonSet", resource: "daemonsets", versions: ["v1"], readPlan: ReadPlans.podTemplate,
            validators: [DefaultInboundPolicyValidator()]
        ),
        SupportedKind(
            group: "apps", kind: "ReplicaSet", resource: "replicasets", versions: ["v1"], readPlan: ReadPlans.podTemplate,
            validators: [DefaultInboundPolicyValidator()]
        ),
        SupportedKind(
            group: "batch", kind: "Job", resource: "jobs", versions: ["v1"], readPlan: ReadPlans.podTemplate,
            validators: [DefaultInboundPolicyValidator()]
        ),
        SupportedKind(
            group: "batch", kind: "CronJob", resource: "cronjobs", versions: ["v1"], readPlan: ReadPlans.cronJobTemplate,
            validators: [DefaultInboundPolicyValidator()]
        ),
    ])
}
