import KubeCache
import Testing

/// A Server's selector is compiled once, as it is stored, when every string in it is interned by then.
@Suite struct StoredSelectorTests {
    static func server(_ name: String, labels: [String: String]) -> ServerRecord {
        ServerRecord(
            namespace: "shop", name: name, selector: .pods(LabelSelector(matchLabels: labels)), port: .number(8080)
        )
    }

    /// Each Server of `shop` with whether it came with a stored matcher, and the pods that matcher selects.
    static func storedMatchers(_ snapshot: ClusterSnapshot) -> [String: [String]?] {
        let workloads = snapshot.selectedWorkloads(.pods(LabelSelector()), in: "shop")
        var found: [String: [String]?] = [:]
        snapshot.namespaces["shop"]?.forEachServer(hidingProvisionalDueBy: nil) { server in
            let selected = server.matcher.map { matcher in workloads.filter { matcher.matches($0) }.map(\.name).sorted() }
            found.updateValue(selected, forKey: server.record.name)
        }
        return found
    }

    @Test func aServerStoredAfterItsLabelsComesWithItsCompilation() {
        var snapshot = ClusterSnapshot()
        snapshot.apply(PodRecord(namespace: "shop", name: "web-1", labels: ["app": "web"], phase: "Running"))
        snapshot.apply(PodRecord(namespace: "shop", name: "api-1", labels: ["app": "api"], phase: "Running"))
        snapshot.apply(Self.server("web-http", labels: ["app": "web"]))
        #expect(Self.storedMatchers(snapshot) == ["web-http": ["web-1"]])
    }

    @Test func aServerStoredBeforeItsLabelsIsCompiledAgainWhenNeeded() {
        var snapshot = ClusterSnapshot()
        // "edge" is interned by no pod yet: a compilation now would never match the pod that comes next.
        snapshot.apply(Self.server("edge-http", labels: ["tier": "edge"]))
        snapshot.apply(PodRecord(namespace: "shop", name: "edge-1", labels: ["tier": "edge"], phase: "Running"))
        let none: [String]? = nil
        #expect(Self.storedMatchers(snapshot) == ["edge-http": none])
        // Stored again (a watch event), its strings are known: it keeps its compilation from then on.
        snapshot.apply(Self.server("edge-http", labels: ["tier": "edge"]))
        #expect(Self.storedMatchers(snapshot) == ["edge-http": ["edge-1"]])
    }
}
