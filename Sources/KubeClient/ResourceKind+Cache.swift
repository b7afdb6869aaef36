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
        }
    }
}
