import KubeCache
import Synchronization
import Testing

/// Servers the webhook admitted are cached at once, until a watch event confirms them or their deadline passes.
@Suite struct ProvisionalServerTests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        let value = Mutex(100.0)
        func advance(_ seconds: Double) { self.value.withLock { $0 += seconds } }
        func now() -> Double { self.value.withLock { $0 } }
    }

    static func server(_ name: String) -> ServerRecord {
        ServerRecord(namespace: "shop", name: name, selector: .pods(LabelSelector(matchLabels: ["app": "web"])), port: .number(8080))
    }

    @Test func admittedServerIsVisibleUntilItsDeadline() {
        let clock = ManualClock()
        let store = SnapshotStore(ClusterSnapshot(isSynced: true), now: { clock.now() })
        store.recordAdmitted(Self.server("web-http"), lifetime: 30)
        #expect(store.snapshot().server(namespace: "shop", name: "web-http") != nil)
        clock.advance(31)
        #expect(store.snapshot().server(namespace: "shop", name: "web-http") == nil)
        #expect(store.snapshot().provisionalServers.isEmpty)
    }

    @Test func watchEventConfirmsTheProvisionalRecord() {
        let clock = ManualClock()
        let store = SnapshotStore(ClusterSnapshot(isSynced: true), now: { clock.now() })
        store.recordAdmitted(Self.server("web-http"), lifetime: 30)
        store.update { $0.apply(Self.server("web-http")) }
        clock.advance(60)
        #expect(store.snapshot().server(namespace: "shop", name: "web-http") != nil)
    }

    @Test func relistKeepsUnconfirmedProvisionalServersUntilTheirDeadline() {
        let clock = ManualClock()
        let store = SnapshotStore(ClusterSnapshot(isSynced: true), now: { clock.now() })
        store.update { $0.apply(Self.server("old")) }
        store.recordAdmitted(Self.server("new"), lifetime: 30)
        store.update { $0.resetServers([]) }
        let names = store.snapshot().servers(in: "shop").map(\.name)
        #expect(names == ["new"])
        clock.advance(31)
        #expect(store.snapshot().servers(in: "shop").isEmpty)
    }

    @Test func provisionalServersDoNotAgeWhileTheirConfirmationCannotArrive() {
        let clock = ManualClock()
        let store = SnapshotStore(ClusterSnapshot(isSynced: true), now: { clock.now() })
        store.recordAdmitted(Self.server("web-http"), lifetime: 30)
        clock.advance(10)
        store.feedFailed("Server", isAnswer: false, confirmsProvisionalServers: true)
        clock.advance(600)
        #expect(store.snapshot().server(namespace: "shop", name: "web-http") != nil, "forgotten during the outage")
        store.feedWorks("Server", confirmsProvisionalServers: true)
        clock.advance(19)
        #expect(store.snapshot().server(namespace: "shop", name: "web-http") != nil, "20 of its 30 s had not passed")
        clock.advance(2)
        #expect(store.snapshot().server(namespace: "shop", name: "web-http") == nil)
        #expect(store.snapshot().provisionalExpiryPausedAt == nil)
    }

    @Test func deleteDropsAProvisionalServer() {
        let store = SnapshotStore(ClusterSnapshot(isSynced: true))
        store.recordAdmitted(Self.server("web-http"))
        store.update { $0.deleteServer(namespace: "shop", name: "web-http") }
        #expect(store.snapshot().provisionalServers.isEmpty)
        #expect(store.snapshot().server(namespace: "shop", name: "web-http") == nil)
    }
}
