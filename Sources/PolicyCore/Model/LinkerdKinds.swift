/// API groups the reference rules compare against.
package enum LinkerdKinds {
    /// Linkerd's policy group.
    package static let policyGroup = "policy.linkerd.io"
    /// The Gateway API group.
    package static let gatewayGroup = "gateway.networking.k8s.io"
}
