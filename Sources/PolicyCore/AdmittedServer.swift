import KubeCache
import PolicyAPI

extension Verdict {
    /// The Server `request` puts into the cluster when this verdict admits it, as the cache should hold it until the
    /// watch delivers it; nil for anything else (another kind, a denial, a dry run, a DELETE).
    ///
    /// The namespace is the request's, as the API server stores it, or the object's own when the request names none
    /// (an offline manifest without one). The webhook and `check` both add admitted Servers through this, so later
    /// reviews see them the same way.
    package func admittedServer(of request: AdmissionRequest) -> ServerRecord? {
        guard self.isAllowed, request.kind.group == "policy.linkerd.io", request.kind.kind == "Server",
            !request.isDryRun, request.operation == .create || request.operation == .update,
            let object = request.object, var server = ServerRecord(object: object)
        else { return nil }
        if !request.namespace.isEmpty { server.namespace = request.namespace }
        return server
    }
}
