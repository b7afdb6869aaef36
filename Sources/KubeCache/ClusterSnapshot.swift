/// An immutable view of the cached cluster: what every overlap verdict reads.
///
/// A value type (copy-on-write per namespace): the reflectors mutate their own copy and publish it; readers keep
/// the snapshot they took for the whole review.
package struct ClusterSnapshot: Sendable {
    /// The objects of one namespace, with pods indexed by label.
    package struct NamespaceObjects: Sendable {
        package fileprivate(set) var pods: [String: PodRecord] = [:]
        /// label key -> label value -> pod names.
        fileprivate var podsByLabel: [String: [String: Set<String>]] = [:]
        package fileprivate(set) var servers: [String: ServerRecord] = [:]
        package fileprivate(set) var externalWorkloads: [String: ExternalWorkloadRecord] = [:]

        var isEmpty: Bool { self.pods.isEmpty && self.servers.isEmpty && self.externalWorkloads.isEmpty }
    }

    package private(set) var namespaces: [String: NamespaceObjects] = [:]
    /// False until every reflector has completed its first list (or for a snapshot that was never synced).
    package var isSynced: Bool

    package init(isSynced: Bool = true) {
        self.isSynced = isSynced
    }

    /// An empty, synced snapshot: a cluster with nothing in it.
    package static let empty = ClusterSnapshot()

    // MARK: - Reads

    /// Every Server of a namespace.
    package func servers(in namespace: String) -> [ServerRecord] {
        self.namespaces[namespace].map { Array($0.servers.values) } ?? []
    }

    /// The Server `name` of a namespace, if cached.
    package func server(namespace: String, name: String) -> ServerRecord? {
        self.namespaces[namespace]?.servers[name]
    }

    /// The non-terminated pods of a namespace a selector selects, using the label index to start from the
    /// smallest candidate set.
    package func pods(in namespace: String, selectedBy selector: LabelSelector) -> [PodRecord] {
        guard let objects = self.namespaces[namespace] else { return [] }
        var candidates: Set<String>?
        for (key, value) in selector.matchLabels {
            let names = objects.podsByLabel[key]?[value] ?? []
            if candidates == nil || names.count < (candidates?.count ?? 0) { candidates = names }
            if names.isEmpty { return [] }
        }
        for requirement in selector.matchExpressions where requirement.operator == .in {
            var names: Set<String> = []
            for value in requirement.values { names.formUnion(objects.podsByLabel[requirement.key]?[value] ?? []) }
            if candidates == nil || names.count < (candidates?.count ?? 0) { candidates = names }
            if names.isEmpty { return [] }
        }
        let pods: [PodRecord]
        if let candidates {
            pods = candidates.compactMap { objects.pods[$0] }
        } else {
            pods = Array(objects.pods.values)
        }
        return pods.filter { !$0.isTerminated && selector.matches($0.labels) }
    }

    /// The ExternalWorkloads of a namespace a selector selects.
    package func externalWorkloads(in namespace: String, selectedBy selector: LabelSelector) -> [ExternalWorkloadRecord] {
        guard let objects = self.namespaces[namespace] else { return [] }
        return objects.externalWorkloads.values.filter { selector.matches($0.labels) }
    }

    /// Counts of cached objects by type, for metrics.
    package var counts: (pods: Int, servers: Int, externalWorkloads: Int) {
        var counts = (pods: 0, servers: 0, externalWorkloads: 0)
        for objects in self.namespaces.values {
            counts.pods += objects.pods.count
            counts.servers += objects.servers.count
            counts.externalWorkloads += objects.externalWorkloads.count
        }
        return counts
    }

    // MARK: - Writes (the reflectors' verbs)

    /// Inserts or replaces a pod.
    package mutating func apply(_ pod: PodRecord) {
        self.deletePod(namespace: pod.namespace, name: pod.name)
        var objects = self.namespaces[pod.namespace] ?? NamespaceObjects()
        objects.pods[pod.name] = pod
        for (key, value) in pod.labels {
            objects.podsByLabel[key, default: [:]][value, default: []].insert(pod.name)
        }
        self.namespaces[pod.namespace] = objects
    }

    /// Removes a pod, if cached.
    package mutating func deletePod(namespace: String, name: String) {
        guard var objects = self.namespaces[namespace], let old = objects.pods.removeValue(forKey: name) else { return }
        for (key, value) in old.labels {
            objects.podsByLabel[key]?[value]?.remove(name)
            if objects.podsByLabel[key]?[value]?.isEmpty == true { objects.podsByLabel[key]?[value] = nil }
            if objects.podsByLabel[key]?.isEmpty == true { objects.podsByLabel[key] = nil }
        }
        self.store(objects, namespace: namespace)
    }

    /// Inserts or replaces a Server.
    package mutating func apply(_ server: ServerRecord) {
        self.namespaces[server.namespace, default: NamespaceObjects()].servers[server.name] = server
    }

    /// Removes a Server, if cached.
    package mutating func deleteServer(namespace: String, name: String) {
        guard var objects = self.namespaces[namespace] else { return }
        objects.servers[name] = nil
        self.store(objects, namespace: namespace)
    }

    /// Inserts or replaces an ExternalWorkload.
    package mutating func apply(_ workload: ExternalWorkloadRecord) {
        self.namespaces[workload.namespace, default: NamespaceObjects()].externalWorkloads[workload.name] = workload
    }

    /// Removes an ExternalWorkload, if cached.
    package mutating func deleteExternalWorkload(namespace: String, name: String) {
        guard var objects = self.namespaces[namespace] else { return }
        objects.externalWorkloads[name] = nil
        self.store(objects, namespace: namespace)
    }

    /// Replaces every pod with `pods` (a relist).
    package mutating func resetPods(_ pods: [PodRecord]) {
        for namespace in Array(self.namespaces.keys) {
            guard var objects = self.namespaces[namespace] else { continue }
            objects.pods = [:]
            objects.podsByLabel = [:]
            self.store(objects, namespace: namespace)
        }
        for pod in pods { self.apply(pod) }
    }

    /// Replaces every Server with `servers` (a relist).
    package mutating func resetServers(_ servers: [ServerRecord]) {
        for namespace in Array(self.namespaces.keys) {
            guard var objects = self.namespaces[namespace] else { continue }
            objects.servers = [:]
            self.store(objects, namespace: namespace)
        }
        for server in servers { self.apply(server) }
    }

    /// Replaces every ExternalWorkload with `workloads` (a relist).
    package mutating func resetExternalWorkloads(_ workloads: [ExternalWorkloadRecord]) {
        for namespace in Array(self.namespaces.keys) {
            guard var objects = self.namespaces[namespace] else { continue }
            objects.externalWorkloads = [:]
            self.store(objects, namespace: namespace)
        }
        for workload in workloads { self.apply(workload) }
    }

    private mutating func store(_ objects: NamespaceObjects, namespace: String) {
        self.namespaces[namespace] = objects.isEmpty ? nil : objects
    }
}
