import KubeCache
import KubeClient
import PolicyAPI
import Testing

/// A live cache fed by the fake API server while Jobs and rollouts create and delete pods whose labels carry
/// fresh unique values: what the cache keeps returns to what the live pods need.
@Suite struct LabelChurnLiveTests {
    static let livePods = 500
    static let runs = 10_000

    /// A Job run's pod: `app` shared by every run, `job-name`, `controller-uid` and `pod-template-hash` its own.
    static func jobPod(_ run: Int) -> JSONValue {
        ObjectBuilder.pod(
            "batch", "report-\(run)",
            labels: [
                "app": "report", "job-name": "report-\(run)", "controller-uid": "c0ffee-\(run)",
                "pod-template-hash": "h\(run)",
            ],
            ports: [("metrics", 9090)])
    }

    /// 10,000 runs with 500 live at a time (20,000 pod events): strings and their bytes end within a tenth of
    /// the live pods', and the cached Server's stored selector still selects exactly the live pods.
    @Test func podChurnWithUniqueLabelValuesLeavesTheCacheSizedForTheLivePods() async throws {
        try await CacheHarness.run(
            prepare: { server in
                server.state.withLock { $0.retainedEvents = 4_000 }
                server.upsert(.servers, ObjectBuilder.server("batch", "report-metrics", selector: ["app": "report"], port: .string("metrics")))
            },
            configure: { configuration in
                configuration.pageSize = 500
                configuration.watchTimeoutSeconds = 300...300
            }
        ) { cache in
            try await Self.churn(cache)
            Self.checkSizedForLivePods(cache.store.snapshot())
        }
    }

    /// Creates the runs' pods and deletes each once `livePods` newer ones exist, then waits for the cache to
    /// hold exactly the last `livePods`.
    static func churn(_ cache: CacheHarness) async throws {
        #expect(await cache.eventually { cache.store.snapshot().isSynced })
        for run in 0..<Self.runs {
            cache.server.upsert(.pods, Self.jobPod(run))
            if run >= Self.livePods { cache.server.delete(.pods, namespace: "batch", name: "report-\(run - Self.livePods)") }
            // Keeps the producer within reach of the watch (a fact of the store, checked every 1,000 runs).
            if run % 1_000 == 999 {
                let caughtUp = await cache.eventually(timeout: .seconds(60)) {
                    cache.store.snapshot().pod(namespace: "batch", name: "report-\(run)") != nil
                }
                try #require(caughtUp, "the cache never saw run \(run)")
            }
        }
        let last = Self.runs - 1
        let settled = await cache.eventually(timeout: .seconds(60)) {
            let snapshot = cache.store.snapshot()
            return snapshot.counts.pods == Self.livePods && snapshot.pod(namespace: "batch", name: "report-\(last)") != nil
                && snapshot.pod(namespace: "batch", name: "report-\(last - Self.livePods)") == nil
        }
        try #require(settled)
    }

    /// The strings of `snapshot` against those its live pods use, and the stored selector against a fresh one.
    static func checkSizedForLivePods(_ snapshot: ClusterSnapshot) {
        let liveRecords = (snapshot.namespaces["batch"]?.pods.values).map(Array.init) ?? []
        var liveStrings = Set<String>()
        for pod in liveRecords {
            for (key, value) in pod.labels { liveStrings.formUnion([key, value]) }
            for port in pod.ports { if let name = port.name { liveStrings.insert(name) } }
        }
        let liveBytes = liveStrings.reduce(0) { $0 + $1.utf8.count }
        #expect(liveStrings.count == 3 * Self.livePods + 6)
        #expect(snapshot.liveStringCount == liveStrings.count)
        #expect(snapshot.strings.count <= liveStrings.count + liveStrings.count / 10)
        #expect(snapshot.strings.utf8Count <= liveBytes + liveBytes / 10)
        let selected = snapshot.pods(in: "batch", selectedBy: LabelSelector(matchLabels: ["app": "report"])).map(\.name)
        #expect(Set(selected) == Set((Self.runs - Self.livePods..<Self.runs).map { "report-\($0)" }))
        var storedSelection: [String]?
        let workloads = snapshot.selectedWorkloads(.pods(LabelSelector()), in: "batch")
        snapshot.namespaces["batch"]?.forEachServer(hidingProvisionalDueBy: nil) { server in
            storedSelection = server.matcher.map { matcher in workloads.filter { matcher.matches($0) }.map(\.name) }
        }
        #expect(storedSelection.map(Set.init) == Set(selected))
    }
}
