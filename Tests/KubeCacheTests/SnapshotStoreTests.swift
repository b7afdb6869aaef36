import KubeCache
import Testing

/// Writers build each version apart from the readers and keep the versions readers still hold, so that a
/// review neither waits for a write's copying nor frees what a write replaced.
@Suite struct SnapshotStoreTests {
    static func pod(_ name: String, namespace: String = "shop") -> PodRecord {
        PodRecord(namespace: namespace, name: name, labels: ["app": "web"], phase: "Running", ports: [DeclaredPort(name: "http", number: 8080)])
    }

    @Test func aHeldSnapshotKeepsItsContentWhileWritersGoOn() {
        let store = SnapshotStore(ClusterSnapshot(isSynced: true))
        store.update { $0.apply(Self.pod("a")) }
        let held = store.snapshot()
        store.update { $0.apply(Self.pod("b")) }
        store.update { $0.deletePod(namespace: "shop", name: "a") }
        store.update { $0.apply(Self.pod("c", namespace: "other")) }
        #expect(held.pod(namespace: "shop", name: "a") != nil)
        #expect(held.pod(namespace: "shop", name: "b") == nil)
        #expect(held.counts.pods == 1)
        let current = store.snapshot()
        #expect(current.pod(namespace: "shop", name: "a") == nil)
        #expect(current.pod(namespace: "shop", name: "b") != nil)
        #expect(current.counts.pods == 2)
    }

    @Test func aCopyOfASnapshotChangesWithoutChangingTheOriginal() {
        var original = ClusterSnapshot()
        original.apply(Self.pod("a"))
        var copy = original
        copy.apply(Self.pod("b"))
        copy.deletePod(namespace: "shop", name: "a")
        #expect(original.pod(namespace: "shop", name: "a") != nil && original.pod(namespace: "shop", name: "b") == nil)
        #expect(copy.pod(namespace: "shop", name: "a") == nil && copy.pod(namespace: "shop", name: "b") != nil)
        #expect(original.pods(in: "shop", selectedBy: LabelSelector(matchLabels: ["app": "web"])).map(\.name) == ["a"])
    }

    @Test func theWriterFreesAVersionAReaderHeldOnceTheReaderLetsGo() {
        let store = SnapshotStore(ClusterSnapshot(isSynced: true))
        store.update { $0.apply(Self.pod("a")) }
        var held: ClusterSnapshot? = store.snapshot()
        weak let publication = held?.publication
        store.update { $0.apply(Self.pod("b")) }
        #expect(store.retiredVersionCount == 1)
        held = nil
        // The reader's copy was not the last reference: the store still keeps that version...
        #expect(publication != nil)
        // ...until its next write lets it go.
        store.update { $0.apply(Self.pod("c")) }
        #expect(publication == nil)
        #expect(store.retiredVersionCount == 0)
    }

    @Test func versionsNoReaderHoldsAreNotKept() {
        let store = SnapshotStore(ClusterSnapshot(isSynced: true))
        for index in 0..<10 {
            store.update { $0.apply(Self.pod("p\(index)")) }
            _ = store.snapshot().counts
        }
        #expect(store.retiredVersionCount == 0)
    }

    @Test func aReaderThatHoldsEveryVersionCannotMakeTheStoreKeepThemAll() {
        let store = SnapshotStore(ClusterSnapshot(isSynced: true))
        var held: [ClusterSnapshot] = []
        for index in 0..<200 {
            held.append(store.snapshot())
            store.update { $0.apply(Self.pod("p\(index)")) }
        }
        #expect(store.retiredVersionCount <= 64)
        #expect(held.count == 200 && held.last?.counts.pods == 199)
    }
}
