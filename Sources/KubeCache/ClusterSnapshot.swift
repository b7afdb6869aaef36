/// An immutable view of the cached cluster: what every overlap verdict reads.
///
/// A value type: the reflectors mutate their own copy and publish it; readers keep the snapshot they took for a
/// whole review. Pods are stored compactly (interned labels, a label index of slots per namespace), because a
/// cluster may hold 100,000 of them.
package struct ClusterSnapshot: Sendable {
    /// The objects of one namespace, with pods indexed by label pair.
    package struct NamespaceObjects: Sendable {
        /// The namespace's tables, behind one reference: copying the snapshot's namespace table then costs one
        /// reference per namespace, and a writer copies only the tables of the namespaces it changes.
        private final class Tables: @unchecked Sendable {
            // @unchecked: a `Tables` is changed only through `NamespaceObjects.unique()`, that is while a single
            // `NamespaceObjects` refers to it; a shared one (a published snapshot's) is copied first.
            var podSlots: [StoredPod?] = []
            var freeSlots: [Int32] = []
            var slotByName: [String: Int32] = [:]
            var slotsByLabel: [UInt64: [Int32]] = [:]
            var servers: [String: CachedServer] = [:]
            var serverIndex = ServerCandidateIndex()
            var externalWorkloads: [String: ExternalWorkloadRecord] = [:]
            var authorizations: [String: AuthorizationRecord] = [:]
            var routes: [String: RouteRecord] = [:]
            var strings: StringInterner

            init(strings: StringInterner) { self.strings = strings }

            init(copying other: Tables) {
                self.podSlots = other.podSlots
                self.freeSlots = other.freeSlots
                self.slotByName = other.slotByName
                self.slotsByLabel = other.slotsByLabel
                self.servers = other.servers
                self.serverIndex = other.serverIndex
                self.externalWorkloads = other.externalWorkloads
                self.authorizations = other.authorizations
                self.routes = other.routes
                self.strings = other.strings
            }
        }

        private var tables: Tables

        /// The tables, copied first when another `NamespaceObjects` (another snapshot) shares them.
        private mutating func unique() -> Tables {
            if !isKnownUniquelyReferenced(&self.tables) { self.tables = Tables(copying: self.tables) }
            return self.tables
        }

        /// Pods in slots; a deleted pod's slot is reused.
        var podSlots: [StoredPod?] {
            _read { yield self.tables.podSlots }
            _modify { yield &self.unique().podSlots }
        }
        fileprivate var freeSlots: [Int32] {
            _read { yield self.tables.freeSlots }
            _modify { yield &self.unique().freeSlots }
        }
        fileprivate var slotByName: [String: Int32] {
            _read { yield self.tables.slotByName }
            _modify { yield &self.unique().slotByName }
        }
        /// `key << 32 | value` -> the slots of the pods carrying that label.
        var slotsByLabel: [UInt64: [Int32]] {
            _read { yield self.tables.slotsByLabel }
            _modify { yield &self.unique().slotsByLabel }
        }
        /// The Servers by name, each with its stored matcher; changed only through `setServer` and
        /// `removeAllServers` (and a string compaction, which recompiles them).
        var servers: [String: CachedServer] {
            _read { yield self.tables.servers }
            _modify { yield &self.unique().servers }
        }
        /// The same Servers by port and label pair, kept with `servers` by `setServer` and `removeAllServers`.
        fileprivate var serverIndex: ServerCandidateIndex {
            _read { yield self.tables.serverIndex }
            _modify { yield &self.unique().serverIndex }
        }
        package fileprivate(set) var externalWorkloads: [String: ExternalWorkloadRecord] {
            _read { yield self.tables.externalWorkloads }
            _modify { yield &self.unique().externalWorkloads }
        }
        /// AuthorizationPolicies and ServerAuthorizations by `Kind/name` (rule 8).
        package fileprivate(set) var authorizations: [String: AuthorizationRecord] {
            _read { yield self.tables.authorizations }
            _modify { yield &self.unique().authorizations }
        }
        /// HTTPRoutes of both groups by `group/name` (rule 8).
        package fileprivate(set) var routes: [String: RouteRecord] {
            _read { yield self.tables.routes }
            _modify { yield &self.unique().routes }
        }
        /// The snapshot's interner (a compaction replaces it in every namespace at once).
        var strings: StringInterner {
            _read { yield self.tables.strings }
            _modify { yield &self.unique().strings }
        }

        fileprivate init(strings: StringInterner) {
            self.tables = Tables(strings: strings)
        }

        /// The pods of the namespace by name, as records (for tests and tools; reviews use the index).
        package var pods: [String: PodRecord] {
            var pods: [String: PodRecord] = [:]
            for pod in self.podSlots.compactMap({ $0 }) {
                pods[pod.name] = pod.record(namespace: "", strings: self.strings)
            }
            return pods
        }

        var podCount: Int { self.slotByName.count }

        /// Stores, replaces or (nil) removes a Server, with its compiled selector.
        fileprivate mutating func setServer(_ name: String, _ server: ServerRecord?, provisionalDeadline: Double? = nil) {
            if let old = self.servers[name] { self.serverIndex.remove(old.record) }
            self.servers[name] = server.map { CachedServer($0, strings: self.strings, provisionalDeadline: provisionalDeadline) }
            if let server { self.serverIndex.insert(server) }
        }

        fileprivate mutating func removeAllServers() {
            self.servers = [:]
            self.serverIndex = ServerCandidateIndex()
        }

        /// Takes the pods (slots and label index) of `source`, or none.
        fileprivate mutating func takePods(of source: NamespaceObjects?) {
            self.podSlots = source?.podSlots ?? []
            self.freeSlots = source?.freeSlots ?? []
            self.slotByName = source?.slotByName ?? [:]
            self.slotsByLabel = source?.slotsByLabel ?? [:]
        }
        /// True when the namespace holds no pod, Server or ExternalWorkload.
        package var isEmpty: Bool {
            self.slotByName.isEmpty && self.servers.isEmpty && self.externalWorkloads.isEmpty && self.authorizations.isEmpty
                && self.routes.isEmpty
        }

        /// Calls `body` with each Running pod of the namespace (rule 8 counts only those).
        package func forEachRunningPod(_ body: (PodRecord) -> Void) {
            for case let pod? in self.podSlots where pod.phase == .running {
                body(pod.record(namespace: "", strings: self.strings))
            }
        }

        /// Calls `body` with each Server, in no order, without copying them into an array: the overlap rule looks
        /// at every one of them on each review and keeps few. `cutoff` is the snapshot's `provisionalCutoff`:
        /// provisional Servers due by then are skipped.
        package func forEachServer(hidingProvisionalDueBy cutoff: Double?, _ body: (CachedServer) -> Void) {
            if let cutoff {
                for server in self.servers.values where server.isVisible(at: cutoff) { body(server) }
            } else {
                for server in self.servers.values { body(server) }
            }
        }

        /// The number of Servers of the namespace.
        package var serverCount: Int { self.servers.count }

        /// Calls `body` with each Server that could overlap a Server with this port and these `matchLabels` (a
        /// superset of those that do; see `ServerCandidateIndex`), or with every Server when the index cannot tell.
        package func forEachServer(
            couldOverlap port: ServerPort, matchLabels: [String: String], hidingProvisionalDueBy cutoff: Double?,
            _ body: (CachedServer) -> Void
        ) {
            guard let names = self.serverIndex.candidates(port: port, matchLabels: matchLabels) else {
                return self.forEachServer(hidingProvisionalDueBy: cutoff, body)
            }
            for name in names {
                guard let server = self.servers[name] else { continue }
                if let cutoff, !server.isVisible(at: cutoff) { continue }
                body(server)
            }
        }

        /// Calls `body` with each non-terminated stored pod `compiled` selects, starting from the smallest posting
        /// list of the label index.
        func forEachPod(selectedBy compiled: CompiledSelector, _ body: (StoredPod) -> Void) {
            if compiled.matchesNothing { return }
            var candidates: [Int32]?
            for pair in compiled.requiredPairs {
                let slots = self.slotsByLabel[pair] ?? []
                if slots.count < candidates?.count ?? Int.max { candidates = slots }
            }
            if let candidates {
                let podSlots = self.podSlots
                for slot in candidates {
                    if let pod = podSlots[Int(slot)], !pod.isTerminated, compiled.matches(pod) { body(pod) }
                }
            } else {
                for case let pod? in self.podSlots where !pod.isTerminated && compiled.matches(pod) { body(pod) }
            }
        }

        /// The ExternalWorkloads a selector selects.
        func externalWorkloads(selectedBy selector: LabelSelector) -> [ExternalWorkloadRecord] {
            self.externalWorkloads.values.filter { selector.matches($0.labels) }
        }
    }

    package internal(set) var namespaces: [String: NamespaceObjects] = [:]
    /// False until every reflector has completed its first list (or for a snapshot that was never synced).
    package var isSynced: Bool
    /// The interned label strings (one generation of them), shared by every copy of this snapshot.
    package internal(set) var strings: StringInterner
    /// `strings.count` above which the writer compacts the strings (`compactStringsIfNeeded`).
    var stringCompactionThreshold = ClusterSnapshot.minimumSpareStrings
    /// Servers the webhook admitted that no watch event has confirmed yet, with the monotonic time (seconds)
    /// after which they are dropped: a Server another webhook refused must not haunt the cache. The writer drops
    /// them; until it does, readers hide those due by `provisionalCutoff`.
    private(set) var provisionalDeadlines: [ProvisionalKey: Double] = [:]
    /// The time (monotonic seconds) the store handed this snapshot out, when provisional Servers may expire:
    /// those whose deadline is not after it are hidden from every read. Nil while nothing can expire (no
    /// provisional Server, or expiry paused), and then nothing is hidden.
    package internal(set) var provisionalCutoff: Double?
    /// Since when (monotonic seconds) provisional Servers have not aged, while the Server feed is down.
    package private(set) var provisionalExpiryPausedAt: Double?
    /// How long (seconds) the oldest unbroken failure of a feed had lasted when this snapshot was taken; nil while
    /// every feed works. A synced cache keeps answering from its last state during an API-server outage: this says
    /// how old that state may be.
    package var feedOutageSeconds: Double?

    /// Shared by every copy of one published version of the snapshot (the store gives each version its own): while
    /// anyone but the store holds a copy, this reference is not unique, which is how the store knows a reader
    /// still holds that version.
    package internal(set) var publication = Publication()

    /// The identity of a published version (see `publication`).
    package final class Publication: Sendable {}

    /// Names a provisional Server.
    package struct ProvisionalKey: Sendable, Hashable {
        package var namespace: String
        package var name: String
    }

    package init(isSynced: Bool = true, strings: StringInterner = StringInterner()) {
        self.isSynced = isSynced
        self.strings = strings
    }

    /// An empty, synced snapshot: a cluster with nothing in it.
    package static let empty = ClusterSnapshot()

    // MARK: - Reads

    /// The provisional Servers not hidden by `provisionalCutoff`, with their deadlines.
    package var provisionalServers: [ProvisionalKey: Double] {
        guard let cutoff = self.provisionalCutoff else { return self.provisionalDeadlines }
        return self.provisionalDeadlines.filter { $0.value > cutoff }
    }

    /// Every Server of a namespace.
    package func servers(in namespace: String) -> [ServerRecord] {
        var servers: [ServerRecord] = []
        self.namespaces[namespace]?.forEachServer(hidingProvisionalDueBy: self.provisionalCutoff) { servers.append($0.record) }
        return servers
    }

    /// The Server `name` of a namespace, if cached.
    package func server(namespace: String, name: String) -> ServerRecord? {
        guard let server = self.namespaces[namespace]?.servers[name] else { return nil }
        return self.provisionalCutoff.map(server.isVisible(at:)) ?? true ? server.record : nil
    }

    /// The pod `name` of a namespace, if cached.
    package func pod(namespace: String, name: String) -> PodRecord? {
        guard let objects = self.namespaces[namespace], let slot = objects.slotByName[name],
            let pod = objects.podSlots[Int(slot)]
        else { return nil }
        return pod.record(namespace: namespace, strings: self.strings)
    }

    /// The non-terminated pods of a namespace a selector selects, starting from the smallest posting list of the
    /// label index.
    package func pods(in namespace: String, selectedBy selector: LabelSelector) -> [PodRecord] {
        var pods: [PodRecord] = []
        self.forEachPod(in: namespace, selectedBy: selector) { pods.append($0.record(namespace: namespace, strings: self.strings)) }
        return pods
    }

    /// Calls `body` with each non-terminated stored pod of a namespace the selector selects.
    func forEachPod(in namespace: String, selectedBy selector: LabelSelector, _ body: (StoredPod) -> Void) {
        guard let objects = self.namespaces[namespace] else { return }
        objects.forEachPod(selectedBy: CompiledSelector(selector, strings: self.strings), body)
    }


    /// Counts of cached objects by type, for metrics.
    package var counts: Counts {
        var counts = Counts()
        for objects in self.namespaces.values {
            counts.pods += objects.podCount
            objects.forEachServer(hidingProvisionalDueBy: self.provisionalCutoff) { _ in counts.servers += 1 }
            counts.externalWorkloads += objects.externalWorkloads.count
            for authorization in objects.authorizations.values {
                switch authorization.kind {
                case .authorizationPolicy: counts.authorizationPolicies += 1
                case .serverAuthorization: counts.serverAuthorizations += 1
                }
            }
            for route in objects.routes.values {
                if route.group == "gateway.networking.k8s.io" { counts.gatewayRoutes += 1 } else { counts.policyRoutes += 1 }
            }
        }
        return counts
    }

    /// Counts of cached objects by type.
    package struct Counts: Sendable, Hashable {
        package var pods = 0
        package var servers = 0
        package var externalWorkloads = 0
        package var authorizationPolicies = 0
        package var serverAuthorizations = 0
        /// policy.linkerd.io HTTPRoutes.
        package var policyRoutes = 0
        /// gateway.networking.k8s.io HTTPRoutes.
        package var gatewayRoutes = 0

        package init(
            pods: Int = 0, servers: Int = 0, externalWorkloads: Int = 0, authorizationPolicies: Int = 0,
            serverAuthorizations: Int = 0, policyRoutes: Int = 0, gatewayRoutes: Int = 0
        ) {
            self.pods = pods
            self.servers = servers
            self.externalWorkloads = externalWorkloads
            self.authorizationPolicies = authorizationPolicies
            self.serverAuthorizations = serverAuthorizations
            self.policyRoutes = policyRoutes
            self.gatewayRoutes = gatewayRoutes
        }
    }

    // MARK: - Writes (the reflectors' verbs)

    /// Inserts or replaces a pod.
    package mutating func apply(_ pod: PodRecord) {
        var stored = pod.stored(strings: self.strings)
        self.modify(pod.namespace) { objects in
            // The pod last indexed under the same first label is most often of the same ReplicaSet.
            if let first = stored.labels.first, let siblingSlot = objects.slotsByLabel[first]?.last,
                let sibling = objects.podSlots[Int(siblingSlot)]
            {
                stored.share(storageOf: sibling)
            }
            if let slot = objects.slotByName[pod.name] { Self.unindex(slot, in: &objects) }
            let slot: Int32
            if let free = objects.freeSlots.popLast() {
                slot = free
                objects.podSlots[Int(slot)] = stored
            } else {
                slot = Int32(objects.podSlots.count)
                objects.podSlots.append(stored)
            }
            objects.slotByName[pod.name] = slot
            for pair in stored.labels { objects.slotsByLabel[pair, default: []].append(slot) }
        }
    }

    /// Removes a pod, if cached.
    package mutating func deletePod(namespace: String, name: String) {
        guard self.namespaces[namespace]?.slotByName[name] != nil else { return }
        self.modify(namespace) { objects in
            guard let slot = objects.slotByName.removeValue(forKey: name) else { return }
            Self.unindex(slot, in: &objects)
            objects.podSlots[Int(slot)] = nil
            objects.freeSlots.append(slot)
        }
    }

    /// Inserts or replaces a Server (as the API server reports it: any provisional record of it is confirmed).
    package mutating func apply(_ server: ServerRecord) {
        self.provisionalDeadlines[ProvisionalKey(namespace: server.namespace, name: server.name)] = nil
        self.modify(server.namespace) { $0.setServer(server.name, server) }
    }

    /// Records a Server the webhook just admitted, before its watch event arrives, so a conflicting Server
    /// applied a moment later is refused; dropped at `deadline` unless a watch event confirms it first.
    package mutating func applyProvisional(_ server: ServerRecord, until deadline: Double) {
        self.modify(server.namespace) { $0.setServer(server.name, server, provisionalDeadline: deadline) }
        self.provisionalDeadlines[ProvisionalKey(namespace: server.namespace, name: server.name)] = deadline
    }

    /// Stops provisional Servers from ageing while no watch event can confirm them (the Server feed is down):
    /// during an API-server outage the webhook may still be called, and forgetting what it admitted would let an
    /// overlapping Server through.
    package mutating func pauseProvisionalExpiry(now: Double) {
        if self.provisionalExpiryPausedAt == nil { self.provisionalExpiryPausedAt = now }
    }

    /// The Server feed is back: provisional Servers age again, their deadlines moved by the time paused.
    package mutating func resumeProvisionalExpiry(now: Double) {
        guard let pausedAt = self.provisionalExpiryPausedAt else { return }
        self.provisionalExpiryPausedAt = nil
        let paused = max(0, now - pausedAt)
        guard paused > 0 else { return }
        for (key, deadline) in self.provisionalDeadlines {
            self.provisionalDeadlines[key] = deadline + paused
            guard let record = self.namespaces[key.namespace]?.servers[key.name]?.record else { continue }
            self.modify(key.namespace) { $0.setServer(key.name, record, provisionalDeadline: deadline + paused) }
        }
    }

    /// Drops the provisional Servers whose deadline has passed (none while expiry is paused).
    package mutating func dropExpiredProvisionalServers(now: Double) {
        guard self.provisionalExpiryPausedAt == nil else { return }
        for (key, deadline) in self.provisionalDeadlines where deadline <= now {
            self.provisionalDeadlines[key] = nil
            self.modify(key.namespace) { $0.setServer(key.name, nil) }
        }
    }

    /// Removes a Server, if cached.
    package mutating func deleteServer(namespace: String, name: String) {
        self.provisionalDeadlines[ProvisionalKey(namespace: namespace, name: name)] = nil
        guard self.namespaces[namespace]?.servers[name] != nil else { return }
        self.modify(namespace) { $0.setServer(name, nil) }
    }

    /// Inserts or replaces an ExternalWorkload.
    package mutating func apply(_ workload: ExternalWorkloadRecord) {
        self.modify(workload.namespace) { $0.externalWorkloads[workload.name] = workload }
    }

    /// Removes an ExternalWorkload, if cached.
    package mutating func deleteExternalWorkload(namespace: String, name: String) {
        guard self.namespaces[namespace]?.externalWorkloads[name] != nil else { return }
        self.modify(namespace) { $0.externalWorkloads[name] = nil }
    }

    /// Replaces every pod with `pods` (a relist).
    package mutating func resetPods(_ pods: [PodRecord]) {
        for namespace in Array(self.namespaces.keys) {
            self.modify(namespace) { $0.takePods(of: nil) }
        }
        for pod in pods { self.apply(pod) }
    }

    /// Replaces every pod with the pods of `source` (a relist gathered compactly, page by page, in a snapshot
    /// sharing this one's strings), keeping this snapshot's Servers and ExternalWorkloads.
    package mutating func replacePods(with source: ClusterSnapshot) {
        guard source.strings === self.strings else {
            // Gathered against other strings (the snapshot was replaced meanwhile): re-intern record by record.
            var pods: [PodRecord] = []
            for (namespace, objects) in source.namespaces {
                for case let pod? in objects.podSlots { pods.append(pod.record(namespace: namespace, strings: source.strings)) }
            }
            self.resetPods(pods)
            return
        }
        for namespace in Array(self.namespaces.keys) where source.namespaces[namespace] == nil {
            self.modify(namespace) { $0.takePods(of: nil) }
        }
        for (namespace, pods) in source.namespaces {
            self.modify(namespace) { $0.takePods(of: pods) }
        }
    }

    /// Replaces every Server with `servers` (a relist). Provisional Servers the list does not hold are kept until
    /// their deadline: the list may predate their creation.
    package mutating func resetServers(_ servers: [ServerRecord]) {
        var kept: [(ServerRecord, deadline: Double)] = []
        for (key, deadline) in self.provisionalDeadlines {
            if let server = self.namespaces[key.namespace]?.servers[key.name]?.record { kept.append((server, deadline)) }
        }
        for namespace in Array(self.namespaces.keys) { self.modify(namespace) { $0.removeAllServers() } }
        for (server, deadline) in kept {
            self.modify(server.namespace) { $0.setServer(server.name, server, provisionalDeadline: deadline) }
        }
        for server in servers { self.apply(server) }
    }

    /// Inserts or replaces an AuthorizationPolicy or ServerAuthorization.
    package mutating func apply(_ authorization: AuthorizationRecord) {
        self.modify(authorization.namespace) { $0.authorizations[authorization.key] = authorization }
    }

    /// Removes an AuthorizationPolicy or ServerAuthorization, if cached.
    package mutating func deleteAuthorization(namespace: String, kind: AuthorizationRecord.Kind, name: String) {
        let key = "\(kind.rawValue)/\(name)"
        guard self.namespaces[namespace]?.authorizations[key] != nil else { return }
        self.modify(namespace) { $0.authorizations[key] = nil }
    }

    /// Replaces every authorization of `kind` with `records` (a relist).
    package mutating func resetAuthorizations(kind: AuthorizationRecord.Kind, _ records: [AuthorizationRecord]) {
        for namespace in Array(self.namespaces.keys) {
            self.modify(namespace) { objects in objects.authorizations = objects.authorizations.filter { $0.value.kind != kind } }
        }
        for record in records where record.kind == kind { self.apply(record) }
    }

    /// Inserts or replaces an HTTPRoute.
    package mutating func apply(_ route: RouteRecord) {
        self.modify(route.namespace) { $0.routes[route.key] = route }
    }

    /// Removes an HTTPRoute of `group`, if cached.
    package mutating func deleteRoute(namespace: String, group: String, name: String) {
        let key = "\(group)/\(name)"
        guard self.namespaces[namespace]?.routes[key] != nil else { return }
        self.modify(namespace) { $0.routes[key] = nil }
    }

    /// Replaces every HTTPRoute of `group` with `routes` (a relist).
    package mutating func resetRoutes(group: String, _ routes: [RouteRecord]) {
        for namespace in Array(self.namespaces.keys) {
            self.modify(namespace) { objects in objects.routes = objects.routes.filter { $0.value.group != group } }
        }
        for route in routes where route.group == group { self.apply(route) }
    }

    /// Replaces every ExternalWorkload with `workloads` (a relist).
    package mutating func resetExternalWorkloads(_ workloads: [ExternalWorkloadRecord]) {
        for namespace in Array(self.namespaces.keys) { self.modify(namespace) { $0.externalWorkloads = [:] } }
        for workload in workloads { self.apply(workload) }
    }

    // MARK: - Helpers

    /// Mutates a namespace's objects in place (no copy when this snapshot holds the only reference), dropping
    /// the namespace when it becomes empty.
    mutating func modify(_ namespace: String, _ change: (inout NamespaceObjects) -> Void) {
        var objects = self.namespaces.removeValue(forKey: namespace) ?? NamespaceObjects(strings: self.strings)
        change(&objects)
        if !objects.isEmpty { self.namespaces[namespace] = objects }
    }

    /// Removes a slot from the label index.
    private static func unindex(_ slot: Int32, in objects: inout NamespaceObjects) {
        guard let old = objects.podSlots[Int(slot)] else { return }
        for pair in old.labels {
            guard var slots = objects.slotsByLabel.removeValue(forKey: pair) else { continue }
            if let position = slots.firstIndex(of: slot) { slots.swapAt(position, slots.count - 1); slots.removeLast() }
            if !slots.isEmpty { objects.slotsByLabel[pair] = slots }
        }
    }
}
