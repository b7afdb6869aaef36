import KubeCache
import PolicyAPI

/// Overlaps already in the cluster (Servers created before the webhook, pods relabelled later): reported, not
/// hidden, through a metric and the admin endpoint `/overlaps`.
package enum ExistingOverlaps {
    /// One pair of cached Servers that select a common pod and port (or have the same port and identical or
    /// select-all selectors).
    package struct Overlap: Sendable, Hashable, CustomStringConvertible {
        package var namespace: String
        package var server: String
        package var otherServer: String
        /// `pod/port`, or nil for an overlap of identical selectors with no pod selected today.
        package var example: String?

        package var description: String {
            "\(self.namespace): Server \(Quote.value(self.server)) and Server \(Quote.value(self.otherServer)) overlap"
                + (self.example.map { " on \($0)" } ?? "")
        }
    }

    /// Every overlapping pair of the snapshot, each pair once (names in order), sorted.
    package static func find(in snapshot: ClusterSnapshot) -> [Overlap] {
        var overlaps: [Overlap] = []
        for namespace in snapshot.namespaces.keys.sorted() {
            let servers = snapshot.servers(in: namespace).sorted { $0.name < $1.name }
            guard servers.count > 1 else { continue }
            for (index, server) in servers.enumerated() {
                guard let selector = server.selector, let port = server.port else { continue }
                let selections = ServerOverlapValidator.selections(
                    of: selector, port: PortMatcher(port, snapshot: snapshot), namespace: namespace, snapshot: snapshot
                )
                for other in servers[(index + 1)...] where other.selector.map(selector.isSameKind(as:)) == true {
                    switch ServerOverlapValidator.compare(server, selections: selections, with: other, snapshot: snapshot) {
                    case .selected(let object, let port):
                        overlaps.append(Overlap(namespace: namespace, server: server.name, otherServer: other.name, example: "\(object)/\(port)"))
                    case .identical:
                        overlaps.append(Overlap(namespace: namespace, server: server.name, otherServer: other.name, example: nil))
                    case .potential, nil:
                        continue
                    }
                }
            }
        }
        return overlaps
    }
}
