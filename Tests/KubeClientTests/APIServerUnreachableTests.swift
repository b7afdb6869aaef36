import Foundation
import HTTP1Codec
import KubeCache
import KubeClient
import PolicyAPI
import PolicyCore
import Testing
import WebhookMetrics
import WebhookRuntime

/// The API server unreachable (issue 6's outage): connections refused, open watches cut, for `OutagePlan.outage`
/// (3 s in `swift test`, 10 minutes with `make outage`), while the cluster changes and forgets its history.
///
/// Readiness and verdicts are checked as the product defines them: once synced, the store stays synced and keeps
/// answering from the last listed state (`CacheSyncState`), so the unsynced policy only matters before the first
/// sync; staleness shows in a warning on the verdicts that read the cache (after `staleStateWarningSeconds`),
/// `cache_contact_age_seconds` and the failure counts, not in `/readyz`.
@Suite(.serialized, .timeLimit(.minutes(OutagePlan.current.timeLimitMinutes))) struct APIServerUnreachableTests {
    /// A review of a Server on 8080 selecting `app: web`: the seeded `web-http` already selects web-1/8080.
    static let overlappingReview = LiveOverlapVerdictTests.review("web-8080", port: .integer(8080))

    /// Seconds of outage after which verdicts warn that the cluster state may be old (60 in production).
    static let staleAfter = 1.0

    /// One endpoint per unsynced policy, reading the live store; they record nothing.
    static func endpoints(_ cache: CacheHarness) -> [AdmissionConfiguration.UnsyncedPolicy: AdmissionEndpoint] {
        var endpoints: [AdmissionConfiguration.UnsyncedPolicy: AdmissionEndpoint] = [:]
        for policy in AdmissionConfiguration.UnsyncedPolicy.allCases {
            let controller = AdmissionController(
                configuration: AdmissionConfiguration(unsyncedPolicy: policy, staleStateWarningSeconds: Self.staleAfter)
            )
            endpoints[policy] = AdmissionEndpoint(controller: controller, snapshots: cache.store)
        }
        return endpoints
    }

    /// The `/readyz` status, with readiness wired as `ClusterSource` wires it for a live cache.
    static func readyzStatus(_ cache: CacheHarness) -> Int {
        let routes = AdminRoutes(registry: MetricsRegistry()) { cache.store.snapshot().isSynced }
        return routes.handle(HTTPRequest(method: "GET", target: "/readyz")).status
    }

    /// Pods, Servers and ExternalWorkloads cached from the API server (Servers the webhook admitted left out).
    static func counts(_ cache: CacheHarness) -> [Int] {
        let snapshot = cache.store.snapshot()
        let counts = snapshot.counts
        return [counts.pods, counts.servers - snapshot.provisionalServers.count, counts.externalWorkloads]
    }

    @Test func unreachableBeforeTheFirstSyncFollowsTheUnsyncedPolicy() async throws {
        try await CacheHarness.run(prepare: { server in
            ClusterCacheServiceTests.seed(server)
            server.goDown()
        }) { cache in
            #expect(await cache.eventually { ResourceKind.allCases.allSatisfy { cache.status($0).failures >= 3 } })
            #expect(Self.readyzStatus(cache) == 503)
            let endpoints = Self.endpoints(cache)
            let denied = endpoints[.deny]?.answer(body: Self.overlappingReview).response
            #expect(denied?.isAllowed == false && denied?.statusCode == 503)
            #expect(denied?.message?.contains("cluster cache is still syncing") == true)
            let allowed = endpoints[.allow]?.answer(body: Self.overlappingReview).response
            #expect(allowed?.isAllowed == true)
            #expect(allowed?.warnings.contains { $0.contains("overlapping Servers were not checked") } == true)
            try cache.server.comeUp()
            #expect(await cache.eventually { cache.store.snapshot().isSynced })
            #expect(Self.readyzStatus(cache) == 200)
            for endpoint in endpoints.values {
                #expect(endpoint.answer(body: Self.overlappingReview).response?.statusCode == 403)
            }
        }
    }

    @Test func unreachableServerKeepsTheLastStateRetriesBoundedAndConvergesWhenBack() async throws {
        let plan = OutagePlan.current
        try await CacheHarness.run(
            prepare: ClusterCacheServiceTests.seed,
            configure: {
                $0.initialBackoff = plan.initialBackoff
                $0.maximumBackoff = plan.maximumBackoff
            }
        ) { cache in
            #expect(await cache.eventually { cache.store.snapshot().isSynced })
            let endpoints = Self.endpoints(cache)
            let recording = AdmissionEndpoint(
                controller: AdmissionController(), snapshots: cache.store,
                onServerAdmitted: { cache.store.recordAdmitted($0) })
            let countsBefore = Self.counts(cache)
            let statusBefore = cache.service.status()
            let requestsBefore = cache.server.requests.count

            cache.server.goDown()
            let downAt = ContinuousClock.now
            // Meanwhile the cluster moves on and compacts its history: on return the watches' versions are gone
            // (410), so only a relist finds the new pod and the deleted Server.
            cache.server.upsert(.pods, ObjectBuilder.pod("shop", "arrived-during-outage"))
            cache.server.delete(.servers, namespace: "shop", name: "web-admin")
            cache.server.expireWatches()
            // A Server admitted now is held provisionally: its watch event cannot arrive.
            let admitted = LiveOverlapVerdictTests.review("admitted-during-outage", port: .integer(7000))
            #expect(recording.answer(body: admitted).response?.isAllowed == true)

            var samples: [ProcessSample] = []
            while ContinuousClock.now - downAt < plan.outage {
                try await Task.sleep(for: min(plan.sampleInterval, plan.outage - (ContinuousClock.now - downAt)))
                samples.append(ProcessSample.now())
                #expect(Self.counts(cache) == countsBefore)
                #expect(Self.readyzStatus(cache) == 200)
                // The store is still synced: both policies judge against the last listed state.
                for endpoint in endpoints.values {
                    let verdict = endpoint.answer(body: Self.overlappingReview).response
                    #expect(verdict?.statusCode == 403)
                    #expect(verdict?.message?.contains(#"already selected by Server "web-http""#) == true)
                    // ... and says the state it used may be old.
                    if ContinuousClock.now - downAt > .seconds(Self.staleAfter + 1) {
                        let warnings = verdict?.warnings ?? []
                        #expect(warnings.contains { $0.contains("API server has been unreachable") }, "\(warnings)")
                    }
                }
            }
            let copy = LiveOverlapVerdictTests.review("copy-during-outage", port: .integer(7000))
            let isProvisionalHeld = endpoints[.deny]?.answer(body: copy).response?.isAllowed == false
            let statusDown = cache.service.status()
            let maximumAttempts = plan.maximumAttempts(during: ContinuousClock.now - downAt)
            let requestsDuringOutage = cache.server.requests.count - requestsBefore
            #expect(requestsDuringOutage == 0, "an unreachable server saw a request")
            var attempts: [String: Int] = [:]
            for kind in ResourceKind.allCases {
                let before = statusBefore.resources[kind] ?? .init()
                let after = statusDown.resources[kind] ?? .init()
                let count = after.failures - before.failures
                attempts[kind.kind] = count
                #expect((plan.minimumAttempts...maximumAttempts).contains(count), "\(kind.kind): \(count)")
                #expect(after.lastSyncTime == before.lastSyncTime && after.lists == before.lists)
                #expect(after.lastError?.contains("refused") == true, "\(after.lastError ?? "no error")")
            }

            try cache.server.comeUp()
            let upAt = ContinuousClock.now
            var reconnectedAfter: Duration?
            let isConverged = await cache.eventually(timeout: plan.convergenceLimit) {
                if reconnectedAfter == nil && cache.server.requests.count > requestsBefore {
                    reconnectedAfter = ContinuousClock.now - upAt
                }
                return cache.podNames("shop").contains("arrived-during-outage")
                    && cache.store.snapshot().server(namespace: "shop", name: "web-admin") == nil
            }
            let convergedAfter = ContinuousClock.now - upAt
            #expect(isConverged, "not converged \(convergedAfter) after the server came back")
            #expect(await cache.eventually(timeout: plan.convergenceLimit) {
                ResourceKind.allCases.allSatisfy { cache.status($0).lists > (statusBefore.resources[$0]?.lists ?? 0) }
            })
            cache.server.upsert(.pods, ObjectBuilder.pod("shop", "after-outage"))
            #expect(await cache.eventually { cache.podNames("shop").contains("after-outage") })
            #expect(Self.readyzStatus(cache) == 200)
            // Every feed works again: verdicts no longer warn about old state.
            let after = endpoints[.deny]?.answer(body: Self.overlappingReview).response
            #expect(after?.statusCode == 403)
            #expect(!(after?.warnings ?? []).contains { $0.contains("unreachable") }, "\(after?.warnings ?? [])")

            let summary = Self.summary(
                plan: plan, attempts: attempts, maximumAttempts: maximumAttempts, requests: requestsDuringOutage, samples: samples,
                isProvisionalHeld: isProvisionalHeld, reconnectedAfter: reconnectedAfter,
                convergedAfter: convergedAfter)
            print("outage: \(summary)")
            if plan.isDedicatedRun { Self.expectBounded(samples) }
            // An admitted Server is held 30 s of a working Server feed: it does not age while the server is down,
            // however long the outage.
            #expect(isProvisionalHeld)
        }
    }

    // MARK: - Figures

    /// Memory, threads and open files move by little more than allocator noise while nothing can be fetched.
    static func expectBounded(_ samples: [ProcessSample]) {
        let rss = samples.map(\.residentBytes)
        let threads = samples.map(\.threads)
        let files = samples.map(\.openFiles)
        #expect((rss.max() ?? 0) - (rss.min() ?? 0) < 16 << 20, "RSS \(rss.min() ?? 0)...\(rss.max() ?? 0)")
        #expect((threads.max() ?? 0) - (threads.min() ?? 0) <= 4, "threads \(threads)")
        #expect((files.max() ?? 0) - (files.min() ?? 0) <= 8, "open files \(files)")
    }

    /// One JSON line for `make outage` and HARDENING.md.
    static func summary(
        plan: OutagePlan, attempts: [String: Int], maximumAttempts: Int, requests: Int, samples: [ProcessSample],
        isProvisionalHeld: Bool,
        reconnectedAfter: Duration?, convergedAfter: Duration
    ) -> String {
        func seconds(_ duration: Duration) -> String { String(format: "%.2f", duration / .seconds(1)) }
        func mebibytes(_ bytes: Int?) -> String { String(format: "%.1f", Double(bytes ?? 0) / 1_048_576) }
        let rss = samples.map(\.residentBytes)
        let kinds = attempts.keys.sorted().map { "\"\($0)\":\(attempts[$0] ?? 0)" }.joined(separator: ",")
        return "{\"outage_s\":\(seconds(plan.outage)),\"max_backoff_s\":\(seconds(plan.maximumBackoff)),"
            + "\"attempts_during_outage\":{\(kinds)},"
            + "\"attempts_allowed\":[\(plan.minimumAttempts),\(maximumAttempts)],"
            + "\"server_requests_during_outage\":\(requests),\"samples\":\(samples.count),"
            + "\"rss_mib\":[\(mebibytes(rss.min())),\(mebibytes(rss.max()))],"
            + "\"threads\":[\(samples.map(\.threads).min() ?? 0),\(samples.map(\.threads).max() ?? 0)],"
            + "\"open_files\":[\(samples.map(\.openFiles).min() ?? 0),\(samples.map(\.openFiles).max() ?? 0)],"
            + "\"provisional_server_held_at_end\":\(isProvisionalHeld),"
            + "\"reconnect_s\":\(reconnectedAfter.map(seconds) ?? "null"),\"converge_s\":\(seconds(convergedAfter)),"
            + "\"converge_limit_s\":\(seconds(plan.convergenceLimit))}"
    }
}
