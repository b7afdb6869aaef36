/// The default inbound policies Linkerd parses (policy-controller `k8s/index/src/defaults.rs` `DefaultPolicy`):
/// the values of `config.linkerd.io/default-inbound-policy` and of Server `accessPolicy`. Case-sensitive.
package enum DefaultPolicy: String, Sendable, Hashable, CaseIterable {
    case allUnauthenticated = "all-unauthenticated"
    case allAuthenticated = "all-authenticated"
    case clusterAuthenticated = "cluster-authenticated"
    case clusterUnauthenticated = "cluster-unauthenticated"
    case deny
    case audit

    /// The six values, comma-separated, for messages.
    package static let allowedList = Self.allCases.map(\.rawValue).joined(separator: ", ")
}
