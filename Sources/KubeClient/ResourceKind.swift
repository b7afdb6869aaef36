/// The three kinds the cluster cache reflects, with where the API serves each.
package enum ResourceKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// core/v1 Pods.
    case pods
    /// policy.linkerd.io/v1beta3 Servers.
    case servers
    /// workload.linkerd.io/v1beta1 ExternalWorkloads.
    case externalWorkloads

    /// The cluster-wide collection path (LIST and WATCH).
    package var path: String {
        switch self {
        case .pods: return "/api/v1/pods"
        case .servers: return "/apis/policy.linkerd.io/v1beta3/servers"
        case .externalWorkloads: return "/apis/workload.linkerd.io/v1beta1/externalworkloads"
        }
    }

    /// The Kubernetes kind, for logs and messages.
    package var kind: String {
        switch self {
        case .pods: return "Pod"
        case .servers: return "Server"
        case .externalWorkloads: return "ExternalWorkload"
        }
    }

    /// A low-cardinality metric label value (`pod`, `server`, `external_workload`).
    package var metricLabel: String {
        switch self {
        case .pods: return "pod"
        case .servers: return "server"
        case .externalWorkloads: return "external_workload"
        }
    }

    package var description: String { self.kind }
}
