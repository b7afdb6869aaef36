/// Server `proxyProtocol` values (linkerd2 `k8s/api/src/policy/server.rs` `ProxyProtocol`; the 2.11 CRD enum).
/// Case-sensitive.
package enum ProxyProtocol: String, Sendable, Hashable, CaseIterable {
    case unknown
    case http1 = "HTTP/1"
    case http2 = "HTTP/2"
    case grpc = "gRPC"
    case opaque
    case tls = "TLS"

    /// The six values, comma-separated, for messages.
    package static let allowedList = Self.allCases.map(\.rawValue).joined(separator: ", ")
}
