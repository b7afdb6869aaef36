import PolicyAPI

extension ClusterSnapshot {
    /// Builds a synced snapshot from a list of Kubernetes objects (an inventory file, a case's `inventory`).
    ///
    /// Pods, Servers (policy.linkerd.io), ExternalWorkloads, AuthorizationPolicies, ServerAuthorizations and HTTPRoutes
    /// (both groups) are kept; other kinds (Namespaces...) are ignored.
    package init(inventory objects: [JSONValue]) {
        self.init(isSynced: true)
        for object in objects {
            self.add(object)
        }
    }

    /// Adds one object of a kind the cache keeps; `kind: List` objects are expanded.
    package mutating func add(_ object: JSONValue) {
        let kind = object["kind"]?.stringValue ?? ""
        let apiVersion = object["apiVersion"]?.stringValue ?? ""
        let gvk = GroupVersionKind(apiVersion: apiVersion, kind: kind)
        switch (gvk.group, kind) {
        case (_, "List"), (_, "PodList"), (_, "ServerList"), (_, "ExternalWorkloadList"), (_, "AuthorizationPolicyList"),
            (_, "ServerAuthorizationList"), (_, "HTTPRouteList"):
            for item in object["items"]?.arrayValue ?? [] { self.add(item) }
        case ("", "Pod"):
            if let pod = PodRecord(object: object) { self.apply(pod) }
        case ("policy.linkerd.io", "Server"):
            if let server = ServerRecord(object: object) { self.apply(server) }
        case ("workload.linkerd.io", "ExternalWorkload"):
            if let workload = ExternalWorkloadRecord(object: object) { self.apply(workload) }
        case ("policy.linkerd.io", "AuthorizationPolicy"), ("policy.linkerd.io", "ServerAuthorization"):
            if let authorization = AuthorizationRecord(object: object) { self.apply(authorization) }
        case ("policy.linkerd.io", "HTTPRoute"), ("gateway.networking.k8s.io", "HTTPRoute"):
            if let route = RouteRecord(object: object) { self.apply(route) }
        default:
            break
        }
    }
}
