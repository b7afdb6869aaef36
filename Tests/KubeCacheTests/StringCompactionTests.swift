import KubeCache
import Testing

/// Label values that change at every rollout or Job run do not pile up: the writer starts a new generation of
/// interned strings, and whatever held ids of the old one keeps working.
@Suite struct StringCompactionTests {
    /// A Job's pod: labels shared by every run, and the run's own `job-name`, `controller-uid` and `pod-template-hash`.
    static func jobPod(_ run: Int) -> PodRecord {
        PodRecord(
            namespace: "batch", name: "report-\(run)",
            labels: [
                "app": "report", "job-name": "report-\(run)", "controller-uid": "uid-\(run)",
                "pod-template-hash": "hash-\(run)",
            ],
            phase: "Running", ports: [DeclaredPort(name: "metrics", number: 9090, protocol: "TCP")])
    }

    static let server = ServerRecord(
        namespace: "batch", name: "report-metrics", selector: .pods(LabelSelector(matchLabels: ["app": "report"])),
        port: .name("metrics"))

    /// The names of the pods a snapshot's cached Server selects through its stored matcher.
    static func storedSelection(_ snapshot: ClusterSnapshot) -> [String]? {
        let workloads = snapshot.selectedWorkloads(.pods(LabelSelector()), in: "batch")
        var selected: [String]?
        snapshot.namespaces["batch"]?.forEachServer(hidingProvisionalDueBy: nil) { server in
            selected = server.matcher.map { matcher in workloads.filter { matcher.matches($0) }.map(\.name).sorted() }
        }
        return selected
    }

    @Test func churnOfUniqueLabelValuesKeepsStringsWithinATenthOfTheLiveOnes() {
        let store = SnapshotStore(ClusterSnapshot(isSynced: true))
        store.update { $0.apply(Self.server) }
        let live = 200
        var mostStrings = 0
        for run in 0..<5_000 {
            store.update { snapshot in
                snapshot.apply(Self.jobPod(run))
                if run >= live { snapshot.deletePod(namespace: "batch", name: "report-\(run - live)") }
            }
            mostStrings = max(mostStrings, store.strings.count)
        }
        let snapshot = store.snapshot()
        let liveStrings = snapshot.liveStringCount
        // 3 strings of each live run, and "app", "report", the 3 keys and the port name.
        #expect(liveStrings == 3 * live + 6)
        #expect(snapshot.strings.count <= liveStrings + liveStrings / 10)
        // Never more than a tenth over, even mid-churn: 15,000 label values were interned in all.
        #expect(mostStrings <= liveStrings + max(liveStrings / 10, 64) + 3)
        #expect(snapshot.counts.pods == live)
        let expected = (5_000 - live..<5_000).map { "report-\($0)" }.sorted()
        #expect(Self.storedSelection(snapshot) == expected)
        #expect(snapshot.pods(in: "batch", selectedBy: LabelSelector(matchLabels: ["job-name": "report-4999"])).map(\.name) == ["report-4999"])
        #expect(snapshot.pod(namespace: "batch", name: "report-4999") == Self.jobPod(4999))
    }

    @Test func snapshotTakenBeforeACompactionStillNamesItsLabels() {
        var snapshot = ClusterSnapshot()
        for run in 0..<100 { snapshot.apply(Self.jobPod(run)) }
        snapshot.apply(Self.server)
        let before = snapshot
        for run in 0..<90 { snapshot.deletePod(namespace: "batch", name: "report-\(run)") }
        snapshot.compactStrings()
        #expect(snapshot.strings !== before.strings)
        #expect(snapshot.strings.count == snapshot.liveStringCount)
        #expect(before.pod(namespace: "batch", name: "report-3") == Self.jobPod(3))
        #expect(before.pods(in: "batch", selectedBy: LabelSelector(matchLabels: ["controller-uid": "uid-7"])).map(\.name) == ["report-7"])
        #expect(Self.storedSelection(before)?.count == 100)
        #expect(snapshot.pod(namespace: "batch", name: "report-95") == Self.jobPod(95))
        #expect(Self.storedSelection(snapshot) == (90..<100).map { "report-\($0)" }.sorted())
        #expect(snapshot.pods(in: "batch", selectedBy: LabelSelector(matchLabels: ["controller-uid": "uid-7"])).isEmpty)
    }

    @Test func compactionKeepsProvisionalServersAndTheirDeadlines() {
        var snapshot = ClusterSnapshot()
        for run in 0..<10 { snapshot.apply(Self.jobPod(run)) }
        snapshot.applyProvisional(Self.server, until: 50)
        snapshot.compactStrings()
        #expect(snapshot.provisionalServers.count == 1)
        #expect(Self.storedSelection(snapshot)?.count == 10)
        snapshot.dropExpiredProvisionalServers(now: 50)
        #expect(snapshot.server(namespace: "batch", name: "report-metrics") == nil)
    }
}
