import Dispatch
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

    /// Eight threads review while the clock passes the deadlines of 50 provisional Servers and a feed is down:
    /// every snapshot hides exactly the Servers due by its time, reports the outage, and none takes the write lock.
    @Test func reviewsWhileProvisionalServersExpireNeverTakeTheWriteLock() {
        let clock = ManualClock()
        let store = SnapshotStore(ClusterSnapshot(isSynced: true), now: { clock.now() })
        for index in 0..<50 { store.recordAdmitted(Self.server("web-\(index)"), lifetime: Double(index + 1)) }
        store.feedFailed("Pod", isAnswer: false, confirmsProvisionalServers: false)
        let writes = store.writeLockAcquisitions
        #expect(writes == 51)
        // A pthread lock (which ThreadSanitizer understands) collects what each thread saw.
        let wrong = ReadWriteLock<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for step in 0..<2_000 {
                if worker == 0, step % 40 == 0 { clock.advance(1) }
                let snapshot = store.snapshot()
                guard let cutoff = snapshot.provisionalCutoff, let outage = snapshot.feedOutageSeconds else {
                    wrong.withWriteLock { $0.append("no cutoff or outage") }
                    return
                }
                // Server web-i was admitted at 100 for i + 1 seconds.
                let expected = (0..<50).filter { 100 + Double($0 + 1) > cutoff }.count
                let visible = snapshot.servers(in: "shop").count
                if visible != expected || snapshot.provisionalServers.count != expected || outage != cutoff - 100 {
                    wrong.withWriteLock { $0.append("at \(cutoff): \(visible) Servers, \(expected) expected") }
                }
            }
        }
        #expect(wrong.withReadLock { $0 } == [])
        #expect(clock.now() == 150)
        #expect(store.writeLockAcquisitions == writes)
        #expect(store.snapshot().servers(in: "shop").isEmpty)
        // The next write drops them for good.
        store.feedWorks("Pod", confirmsProvisionalServers: false)
        #expect(store.snapshot().namespaces["shop"] == nil)
    }
}
