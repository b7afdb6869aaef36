import KubeCache
import PolicyAPI

/// Overlaps already in the cluster (Servers created before the webhook, pods relabelled later): reported, not
/// hidden, through a metric, the admin endpoint `/overlaps` and `audit`.
package enum ExistingOverlaps {
    /// How many shared `pod/port` pairs an overlap names; the rest are only counted.
    package static let namedSharedPorts = 5

    /// One pair of cached Servers that select a common pod and port (or have the same port and identical or
    /// select-all selectors).
    package struct Overlap: Sendable, Hashable, CustomStringConvertible {
        package var namespace: String
        package var server: String
        package var otherServer: String
        /// `pod/port`, or nil for an overlap of identical selectors with no pod selected today.
        package var example: String?
        /// The Server Linkerd's controller applies to the pods both select (oldest creationTimestamp, then name).
        package var appliedServer: String
        /// The first `namedSharedPorts` shared `pod/port` pairs, in pod then port order.
        package var sharedPorts: [String]
        /// How many `pod/port` pairs both Servers select today (0 for identical selectors without pods).
        package var sharedPortCount: Int

        package init(
            namespace: String, server: String, otherServer: String, example: String?, appliedServer: String? = nil,
            sharedPorts: [String]? = nil, sharedPortCount: Int? = nil
        ) {
            self.namespace = namespace
            self.server = server
            self.otherServer = otherServer
            self.example = example
            self.appliedServer = appliedServer ?? server
            self.sharedPorts = sharedPorts ?? example.map { [$0] } ?? []
            self.sharedPortCount = sharedPortCount ?? (example == nil ? 0 : 1)
        }

        package var description: String {
            "\(self.namespace): Server \(Quote.value(self.server)) and Server \(Quote.value(self.otherServer)) overlap"
                + (self.example.map { " on \($0)" } ?? "")
        }
    }

    /// Every overlapping pair of the snapshot, each pair once (names in order), sorted.
    package static func find(in snapshot: ClusterSnapshot) -> [Overlap] {
        var overlaps: [Overlap] = []
        for namespace in snapshot.namespaces.keys.sorted() {
            overlaps += Self.find(inNamespace: namespace, snapshot: snapshot)
        }
        return overlaps
    }

    /// The overlapping pairs of one namespace, in name order.
    package static func find(inNamespace namespace: String, snapshot: ClusterSnapshot) -> [Overlap] {
        let servers = snapshot.servers(in: namespace).sorted { $0.name < $1.name }
        guard servers.count > 1 else { return [] }
        var overlaps: [Overlap] = []
        for (index, server) in servers.enumerated() {
            guard let selector = server.selector, let port = server.port else { continue }
            let selections = ServerOverlapValidator.selections(
                of: selector, port: PortMatcher(port, snapshot: snapshot), namespace: namespace, snapshot: snapshot
            )
            for other in servers[(index + 1)...] where other.selector.map(selector.isSameKind(as:)) == true {
                let applied = ServerOverlapValidator.appliedServer(server, other).name
                switch ServerOverlapValidator.compare(server, selections: selections, with: other, snapshot: snapshot) {
                case .selected(let object, let port):
                    let shared = Self.sharedPorts(selections, other: other, snapshot: snapshot)
                    overlaps.append(
                        Overlap(
                            namespace: namespace, server: server.name, otherServer: other.name,
                            example: "\(object)/\(port)", appliedServer: applied,
                            sharedPorts: shared.named, sharedPortCount: shared.count))
                case .identical:
                    overlaps.append(
                        Overlap(
                            namespace: namespace, server: server.name, otherServer: other.name, example: nil,
                            appliedServer: applied, sharedPorts: [], sharedPortCount: 0))
                case .potential, nil:
                    continue
                }
            }
        }
        return overlaps
    }

    /// The `pod/port` pairs both select (the first Server's selections that `other` selects too, on common ports):
    /// the first `namedSharedPorts` of them as text, and how many there are. Only those named are built, since an
    /// overlap of two broad Servers can share every port of thousands of pods.
    private static func sharedPorts(
        _ selections: [ServerOverlapValidator.Selection], other: ServerRecord, snapshot: ClusterSnapshot
    ) -> (named: [String], count: Int) {
        guard let otherSelector = other.selector, let otherPort = other.port else { return ([], 0) }
        let matcher = SelectorMatcher(otherSelector.labelSelector, strings: snapshot.strings)
        let portMatcher = PortMatcher(otherPort, strings: snapshot.strings)
        var named: [String] = []
        var count = 0
        for selection in selections where matcher.matches(selection.workload) {
            let otherPorts = selection.workload.numbers(of: portMatcher)
            for port in selection.ports.filter(otherPorts.contains).sorted() {
                if named.count < Self.namedSharedPorts { named.append("\(selection.name)/\(port)") }
                count += 1
            }
        }
        return (named, count)
    }
}
