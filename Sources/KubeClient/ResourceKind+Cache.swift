import KubeCache
import PolicyAPI

/// How watch events of each kind change the cached snapshot.
extension ResourceKind {
    /// Applies an ADDED or MODIFIED object; objects the records cannot read (no name) are ignored.
    func apply(_ object: JSONValue, to snapshot: inout ClusterSnapshot) {
        switch self {
        case .pods:
            if let pod = PodRecord(object: object) { snapshot.apply(pod) }
        case .servers:
            if let server = ServerRecord(object: object) { snapshot.apply(server) }
        case .externalWorkloads:
            if let workload = ExternalWorkloadRecord(object: object) { snapshot.apply(workload) }
        case .authorizationPolicies, .serverAuthorizations:
            if let authorization = AuthorizationRecord(object: object, kind: self.authorizationKind) {
                snapshot.apply(authorization)
            }
        case .policyHTTPRoutes, .gatewayHTTPRoutes:
            if let route = RouteRecord(object: object, group: self.routeGroup) { snapshot.apply(route) }
        }
    }

    /// Whether this kind's events confirm the Servers the webhook admitted provisionally.
    var confirmsProvisionalServers: Bool { self == .servers }

    /// Removes a DELETED object by namespace and name.
    func delete(_ object: JSONValue, from snapshot: inout ClusterSnapshot) {
        guard let metadata = object["metadata"], let name = metadata["name"]?.stringValue else { return }
        let namespace = metadata["namespace"]?.stringValue ?? ""
        switch self {
        case .pods: snapshot.deletePod(namespace: namespace, name: name)
        case .servers: snapshot.deleteServer(namespace: namespace, name: name)
        case .externalWorkloads: snapshot.deleteExternalWorkload(namespace: namespace, name: name)
        case .authorizationPolicies, .serverAuthorizations:
            snapshot.deleteAuthorization(namespace: namespace, kind: self.authorizationKind, name: name)
        case .policyHTTPRoutes, .gatewayHTTPRoutes:
            snapshot.deleteRoute(namespace: namespace, group: self.routeGroup, name: name)
        }
    }

    /// The authorization kind of `authorizationPolicies` and `serverAuthorizations` (list items carry no `kind`).
    var authorizationKind: AuthorizationRecord.Kind {
        self == .serverAuthorizations ? .serverAuthorization : .authorizationPolicy
    }

    /// The API group of `policyHTTPRoutes` and `gatewayHTTPRoutes` (list items carry no `apiVersion`).
    var routeGroup: String { self == .gatewayHTTPRoutes ? "gateway.networking.k8s.io" : "policy.linkerd.io" }
}
