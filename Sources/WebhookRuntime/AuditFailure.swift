import KubeClient

/// Why `audit` could not read the cluster (exit status 2), phrased to name what failed: name resolution or the
/// connection, TLS, the credentials (401, or an exec plugin that failed), or the permission (403 with the verb and
/// resource).
package struct AuditFailure: Error, CustomStringConvertible {
    package let description: String
    /// The client error behind it, for callers that branch on the status.
    package let underlying: KubeClientError

    /// The failure of listing `collection` at `path` (in `namespace`, or cluster-wide).
    package init(
        _ error: KubeClientError, listing collection: AuditPlan.Collection, path: String, namespace: String?,
        server: APIServerConfiguration
    ) {
        self.underlying = error
        let endpoint = "\(server.host):\(server.port)"
        let scope = namespace.map { "in namespace \($0)" } ?? "cluster-wide"
        switch error.httpStatus {
        case 401?:
            self.description =
                "401 Unauthorized from \(endpoint) listing \(collection.qualifiedResource): the API server refused the credentials (expired or wrong token or client certificate): \(error.reason)"
        case 403?:
            self.description =
                "403 Forbidden: not allowed to list \(collection.qualifiedResource) \(scope) (RBAC needs verb \"list\" on resource \"\(collection.resource)\" in API group \"\(collection.group)\"): \(error.reason)"
        case let status?:
            self.description = "HTTP \(status) from \(endpoint) listing \(path): \(error.reason)"
        case nil where error.isExecPlugin:
            self.description = "no credentials for \(endpoint): \(error.reason)"
        case nil where error.isTLS:
            self.description = "TLS failure with \(endpoint): \(error.reason) (check the CA, tls-server-name and client certificate)"
        case nil where error.isTransport:
            self.description = "cannot reach the API server \(endpoint): \(error.reason)"
        case nil:
            self.description = "listing \(path) from \(endpoint) failed: \(error.reason)"
        }
    }

    /// A failure before any request (configuration, credentials that cannot be loaded).
    package init(configuration error: KubeClientError) {
        self.underlying = error
        self.description = error.isTLS ? "TLS material unusable: \(error.reason)" : error.reason
    }
}
