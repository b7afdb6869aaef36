/// The kinds the cluster cache reflects, with where the API serves each: the overlap rule's Pods, Servers and
/// ExternalWorkloads, and what rule 8 reads of authorizations and routes.
package enum ResourceKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// core/v1 Pods.
    case pods
    /// policy.linkerd.io/v1beta3 Servers.
    case servers
    /// workload.linkerd.io/v1beta1 ExternalWorkloads.
    case externalWorkloads
    /// policy.linkerd.io/v1alpha1 AuthorizationPolicies (rule 8).
    case authorizationPolicies
    /// policy.linkerd.io/v1beta1 ServerAuthorizations (rule 8).
    case serverAuthorizations
    /// policy.linkerd.io/v1beta3 HTTPRoutes (rule 8).
    case policyHTTPRoutes
    /// gateway.networking.k8s.io/v1 HTTPRoutes (rule 8).
    case gatewayHTTPRoutes

    /// The cluster-wide collection path (LIST and WATCH).
    package var path: String {
        switch self {
        case .pods: return "/api/v1/pods"
        case .servers: return "/apis/policy.linkerd.io/v1beta3/servers"
        case .externalWorkloads: return "/apis/workload.linkerd.io/v1beta1/externalworkloads"
        case .authorizationPolicies: return "/apis/policy.linkerd.io/v1alpha1/authorizationpolicies"
        case .serverAuthorizations: return "/apis/policy.linkerd.io/v1beta1/serverauthorizations"
        case .policyHTTPRoutes: return "/apis/policy.linkerd.io/v1beta3/httproutes"
        case .gatewayHTTPRoutes: return "/apis/gateway.networking.k8s.io/v1/httproutes"
        }
    }

    /// The Kubernetes kind, for logs and messages.
    package var kind: String {
        switch self {
        case .pods: return "Pod"
        case .servers: return "Server"
        case .externalWorkloads: return "ExternalWorkload"
        case .authorizationPolicies: return "AuthorizationPolicy"
        case .serverAuthorizations: return "ServerAuthorization"
        case .policyHTTPRoutes: return "HTTPRoute (policy.linkerd.io)"
        case .gatewayHTTPRoutes: return "HTTPRoute (gateway.networking.k8s.io)"
        }
    }

    /// The name of the thread that watches this kind: distinct, and within the 15 bytes Linux keeps of a thread
    /// name (`top -H`, `/proc/<pid>/task/*/comm`).
    package var threadName: String {
        switch self {
        case .pods: return "watch-pods"
        case .servers: return "watch-servers"
        case .externalWorkloads: return "watch-extwl"
        case .authorizationPolicies: return "watch-authzpol"
        case .serverAuthorizations: return "watch-srvauthz"
        case .policyHTTPRoutes: return "watch-l5droute"
        case .gatewayHTTPRoutes: return "watch-gwroute"
        }
    }

    /// A low-cardinality metric label value (`pod`, `server`, `external_workload`, `authorization_policy`...).
    package var metricLabel: String {
        switch self {
        case .pods: return "pod"
        case .servers: return "server"
        case .externalWorkloads: return "external_workload"
        case .authorizationPolicies: return "authorization_policy"
        case .serverAuthorizations: return "server_authorization"
        case .policyHTTPRoutes: return "policy_http_route"
        case .gatewayHTTPRoutes: return "gateway_http_route"
        }
    }

    package var description: String { self.kind }
}
