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

    /// Every kind this webhook validates, with its validators. Each versioned kind lists the versions its validator
    /// has rules for (taken from the validator, not repeated here); `KindRegistryTests` checks every pairing.
    package static let standard = KindRegistry(
        [
            SupportedKind(
                group: policyGroup, kind: "Server", resource: "servers", versions: ServerVersion.names,
                needsCache: true, readPlan: ReadPlans.serverObject,
                validators: [ServerValidator(), ServerOverlapValidator(), TrafficImpactValidator(.server)]
            ),
            SupportedKind(
                group: policyGroup, kind: "ServerAuthorization", resource: "serverauthorizations",
                versions: ServerAuthorizationValidator.versions, validators: [ServerAuthorizationValidator()]
            ),
            SupportedKind(
                group: policyGroup, kind: "AuthorizationPolicy", resource: "authorizationpolicies",
                versions: AuthorizationPolicyValidator.versions, validators: [AuthorizationPolicyValidator()]
            ),
            SupportedKind(
                group: policyGroup, kind: "MeshTLSAuthentication", resource: "meshtlsauthentications",
                versions: MeshTLSAuthenticationValidator.versions, validators: [MeshTLSAuthenticationValidator()]
            ),
            SupportedKind(
                group: policyGroup, kind: "NetworkAuthentication", resource: "networkauthentications",
                versions: NetworkAuthenticationValidator.versions, validators: [NetworkAuthenticationValidator()]
            ),
            SupportedKind(
                group: policyGroup, kind: "HTTPRoute", resource: "httproutes", versions: PolicyHTTPRouteVersion.names,
                readPlan: ReadPlans.routeObject, validators: [PolicyHTTPRouteValidator(), TrafficImpactValidator(.route)]
            ),
            SupportedKind(
                group: policyGroup, kind: "EgressNetwork", resource: "egressnetworks",
                versions: EgressNetworkValidator.versions, validators: [EgressNetworkValidator()]
            ),
            SupportedKind(
                group: policyGroup, kind: "HTTPLocalRateLimitPolicy", resource: "httplocalratelimitpolicies",
                versions: RateLimitPolicyVersion.names, validators: [RateLimitPolicyValidator()]
            ),
        ]
            + GatewayRouteKind.allCases.map { route in
                SupportedKind(
                    group: gatewayGroup, kind: route.rawValue, resource: route.resource, versions: gatewayVersions,
                    isLenient: true, readPlan: ReadPlans.routeObject,
                    validators: route == .httpRoute ? [GatewayRouteValidator(), TrafficImpactValidator(.route)] : [GatewayRouteValidator()]
                )
            }
            + [
                SupportedKind(
                    group: "", kind: "Namespace", resource: "namespaces", versions: ["v1"], readPlan: ReadPlans.metadataOnly,
                    validators: [DefaultInboundPolicyValidator(), TrafficImpactValidator(.namespace)]
                ),
                builtIn(group: "", kind: "Pod", resource: "pods", readPlan: ReadPlans.metadataOnly),
                builtIn(group: "apps", kind: "Deployment", resource: "deployments", readPlan: ReadPlans.workload, isWorkload: true),
                builtIn(group: "apps", kind: "StatefulSet", resource: "statefulsets", readPlan: ReadPlans.workload, isWorkload: true),
                builtIn(group: "apps", kind: "DaemonSet", resource: "daemonsets", readPlan: ReadPlans.workload, isWorkload: true),
                builtIn(group: "apps", kind: "ReplicaSet", resource: "replicasets", readPlan: ReadPlans.workload, isWorkload: true),
                builtIn(group: "batch", kind: "Job", resource: "jobs", readPlan: ReadPlans.workload, isWorkload: true),
                builtIn(group: "batch", kind: "CronJob", resource: "cronjobs", readPlan: ReadPlans.cronJobTemplate),
            ]
    )

    /// A built-in kind (v1), checked for rule 5's annotation; a workload with a pod selector also for rule 8d.
    private static func builtIn(
        group: String, kind: String, resource: String, readPlan: JSONReadPlan, isWorkload: Bool = false
    ) -> SupportedKind {
        SupportedKind(
            group: group, kind: kind, resource: resource, versions: ["v1"], readPlan: readPlan,
            validators: isWorkload
                ? [DefaultInboundPolicyValidator(), TrafficImpactValidator(.workload)] : [DefaultInboundPolicyValidator()]
        )
    }
}
