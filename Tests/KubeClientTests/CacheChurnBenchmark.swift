import CHeapStats
import Foundation
import KubeCache
import KubeClient
import Testing

/// Label churn at scale: the live cache fed by the fake API server while Jobs create and delete pods whose labels
/// carry fresh unique values, 10,000 pods live throughout; the interned strings, their bytes and the process's
/// memory before and after.
///
/// Not a timed test: it runs only with `LPW_BENCH=1` (`make bench-cache`) and prints its figures; its one check is
/// that the cache settles on exactly the live pods. `LabelChurnLiveTests` asserts the bounds at a smaller scale.
@Suite(.serialized) struct CacheChurnBenchmark {
    static let environment = ProcessInfo.processInfo.environment
    /// Pods live at any time (`LPW_CHURN_LIVE`).
    static let livePods = environment["LPW_CHURN_LIVE"].flatMap(Int.init) ?? 10_000
    /// Pod events in all, a create and a delete per Job run (`LPW_CHURN_EVENTS`).
    static let events = environment["LPW_CHURN_EVENTS"].flatMap(Int.init) ?? 500_000

    @Test(.enabled(if: environment["LPW_BENCH"] == "1"))
    func podEventsWithUniqueLabelValuesWhileTenThousandPodsStayLive() async throws {
        let runs = Self.livePods + Self.events / 2
        try await CacheHarness.run(
            prepare: { server in
                server.state.withLock { $0.retainedEvents = 20_000 }
                for run in 0..<Self.livePods { server.upsert(.pods, LabelChurnLiveTests.jobPod(run), recordEvent: false) }
            },
            configure: { configuration in
                configuration.pageSize = 500
                configuration.apiServer.readIdleTimeout = .seconds(30)
                configuration.watchTimeoutSeconds = 300...300
                configuration.watchIdleTimeout = .seconds(60)
            }
        ) { cache in
            #expect(await cache.eventually(timeout: .seconds(120)) { cache.store.snapshot().isSynced })
            CacheBenchmark.trimHeap()
            let baseline = Self.measure(cache.store.snapshot())
            let start = ContinuousClock.now
            for run in Self.livePods..<runs {
                cache.server.upsert(.pods, LabelChurnLiveTests.jobPod(run))
                cache.server.delete(.pods, namespace: "batch", name: "report-\(run - Self.livePods)")
                // Keeps the producer within reach of the watch (a fact of the store, every 5,000 runs).
                if run % 5_000 == 4_999 {
                    let caughtUp = await cache.eventually(timeout: .seconds(120)) {
                        cache.store.snapshot().pod(namespace: "batch", name: "report-\(run)") != nil
                    }
                    try #require(caughtUp, "the cache never saw run \(run)")
                }
            }
            let last = runs - 1
            let settled = await cache.eventually(timeout: .seconds(120)) {
                let snapshot = cache.store.snapshot()
                return snapshot.counts.pods == Self.livePods && snapshot.pod(namespace: "batch", name: "report-\(last)") != nil
                    && snapshot.pod(namespace: "batch", name: "report-\(last - Self.livePods)") == nil
            }
            try #require(settled)
            let elapsed = ContinuousClock.now - start
            CacheBenchmark.trimHeap()
            let after = Self.measure(cache.store.snapshot())
            let pods = cache.status(.pods)
            print(
                """
                CacheChurnBenchmark: \(Self.events) pod events (\(runs - Self.livePods) Job runs: create + delete, fresh \
                job-name, controller-uid and pod-template-hash each) with \(Self.livePods) pods live, in \(elapsed)
                  after the initial sync: \(baseline.line)
                  after the churn:        \(after.line)
                  interned / needed by the live pods: strings \(Self.ratio(after.strings, after.live)) (after the sync: \
                \(Self.ratio(baseline.strings, baseline.live))), bytes \(Self.ratio(after.bytes, after.liveBytes)) (after the \
                sync: \(Self.ratio(baseline.bytes, baseline.liveBytes))); RSS after / after the sync: \(Self.ratio(after.rss, baseline.rss)); \
                heap in use after / after the sync: \(Self.ratio(after.heap, baseline.heap))
                  pod reflector: \(pods)
                """)
        }
    }

    /// What the cache holds against what its live pods need, and the process's RSS (KiB).
    struct Measure {
        var strings: Int
        var live: Int
        var bytes: Int
        var liveBytes: Int
        var rss: Int
        var peak: Int
        /// Bytes in live heap allocations (glibc mallinfo2).
        var heap: Int

        var line: String {
            "\(strings) interned strings (\(live) used by live objects), \(bytes) bytes of them (live pods' strings: "
                + "\(liveBytes)), RSS \(rss / 1024) MiB, peak RSS \(peak / 1024) MiB, heap in use \(CacheBenchmark.mebibytes(heap)) MiB"
        }
    }

    static func measure(_ snapshot: ClusterSnapshot) -> Measure {
        var liveStrings = Set<String>()
        for pod in (snapshot.namespaces["batch"]?.pods.values).map(Array.init) ?? [] {
            for (key, value) in pod.labels { liveStrings.formUnion([key, value]) }
            for port in pod.ports { if let name = port.name { liveStrings.insert(name) } }
        }
        let memory = CacheBenchmark.memory()
        return Measure(
            strings: snapshot.strings.count, live: snapshot.liveStringCount, bytes: snapshot.strings.utf8Count,
            liveBytes: liveStrings.reduce(0) { $0 + $1.utf8.count }, rss: memory.rss, peak: memory.peak,
            heap: lpw_heap_bytes_in_use())
    }

    static func ratio(_ after: Int, _ before: Int) -> String {
        before > 0 ? String(format: "%.3f", Double(after) / Double(before)) : "n/a"
    }
}
