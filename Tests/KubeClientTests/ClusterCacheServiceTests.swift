import Foundation
import KubeCache
import KubeClient
import PolicyAPI
import Testing

/// The reflectors against the fake API server: the store converges whatever the server does.
@Suite(.serialized, .timeLimit(.minutes(1))) struct ClusterCacheServiceTests {
    /// Five pods, two Servers and an ExternalWorkload, paginated two by two.
    static func seed(_ server: FakeAPIServer) {
        for index in 1...5 { server.upsert(.pods, ObjectBuilder.pod("shop", "web-\(index)")) }
        server.upsert(.servers, ObjectBuilder.server("shop", "web-http", selector: ["app": "web"], port: .string("http")))
        server.upsert(.servers, ObjectBuilder.server("shop", "web-admin", selector: ["app": "web"], port: .integer(9990)))
        server.upsert(.externalWorkloads, ObjectBuilder.externalWorkload("shop", "vm-1"))
    }

    @Test func initialPaginatedListSyncsEveryKind() async throws {
        try await CacheHarness.run(prepare: Self.seed) { cache in
            #expect(await cache.eventually { cache.store.snapshot().isSynced })
            let counts = cache.store.snapshot().counts
            #expect(counts.pods == 5 && counts.servers == 2 && counts.externalWorkloads == 1)
            #expect(cache.store.snapshot().server(namespace: "shop", name: "web-http")?.port == .name("http"))
            let requests = cache.server.requests
            #expect(requests.contains("/api/v1/pods?limit=2"))
            #expect(requests.contains { $0.hasPrefix("/api/v1/pods?limit=2&continue=rv%3A") && $0.hasSuffix("%3D%3D") })
            #expect(requests.contains { $0.contains("watch=true") && $0.contains("allowWatchBookmarks=true") && $0.contains("timeoutSeconds=5") })
            #expect(cache.server.state.withLock { $0.userAgents } == [APIServerConfiguration.defaultUserAgent])
            #expect(cache.service.status().isSynced)
            #expect(cache.status(.pods).lists == 1 && cache.status(.pods).objectCount == 5)
        }
    }

    @Test func watchEventsAddModifyAndDelete() async throws {
        try await CacheHarness.run(prepare: Self.seed) { cache in
            #expect(await cache.eventually { cache.store.snapshot().isSynced })
            cache.server.upsert(.pods, ObjectBuilder.pod("shop", "web-6"))
            cache.server.upsert(.pods, ObjectBuilder.pod("shop", "web-1", labels: ["app": "api"]))
            cache.server.delete(.pods, namespace: "shop", name: "web-2")
            cache.server.delete(.servers, namespace: "shop", name: "web-admin")
            cache.server.upsert(.pods, ObjectBuilder.pod("other", "db-1"))
            #expect(await cache.eventually {
                cache.podNames("shop") == ["web-1", "web-3", "web-4", "web-5", "web-6"]
                    && cache.store.snapshot().namespaces["shop"]?.pods["web-1"]?.labels == ["app": "api"]
                    && cache.store.snapshot().server(namespace: "shop", name: "web-admin") == nil
                    && cache.podNames("other") == ["db-1"]
            })
            #expect(cache.status(.pods).lists == 1)
        }
    }

    @Test func watchErrorGoneEventForcesRelist() async throws {
        try await CacheHarness.run(prepare: Self.seed) { cache in
            #expect(await cache.eventually { cache.store.snapshot().isSynced })
            // Changes the watch never reports: only a relist can find them.
            cache.server.upsert(.pods, ObjectBuilder.pod("shop", "silent"), recordEvent: false)
            cache.server.delete(.pods, namespace: "shop", name: "web-5", recordEvent: false)
            cache.server.expireWatches()
            #expect(await cache.eventually { cache.podNames("shop") == ["silent", "web-1", "web-2", "web-3", "web-4"] })
            #expect(cache.status(.pods).lists >= 2)
            #expect(cache.store.snapshot().isSynced)
        }
    }

    @Test func goneHTTPStatusOnResumeForcesRelist() async throws {
        try await CacheHarness.run(prepare: { server in
            Self.seed(server)
            server.state.withLock { $0.goneAsHTTPStatus = true }
        }) { cache in
            #expect(await cache.eventually { cache.store.snapshot().isSynced })
            cache.server.upsert(.pods, ObjectBuilder.pod("shop", "silent"), recordEvent: false)
            // Cut the open watch, and forget history without telling it: its resume gets HTTP 410.
            cache.server.state.withLock { state in
                state.dropNextWatchMidEvent = [.pods]
                state.compactedRevision = state.revision + 2
            }
            cache.server.upsert(.pods, ObjectBuilder.pod("shop", "web-7"))
            #expect(await cache.eventually { cache.podNames("shop").contains("silent") && cache.podNames("shop").contains("web-7") })
            #expect(cache.status(.pods).lists >= 2)
        }
    }

    @Test func streamDroppedMidEventResumesWithoutRelist() async throws {
        try await CacheHarness.run(prepare: Self.seed) { cache in
            #expect(await cache.eventually { cache.store.snapshot().isSynced })
            cache.server.state.withLock { $0.dropNextWatchMidEvent = [.pods] }
            cache.server.upsert(.pods, ObjectBuilder.pod("shop", "web-8"))
            #expect(await cache.eventually { cache.podNames("shop").contains("web-8") })
            #expect(cache.status(.pods).watchRestarts >= 1)
            #expect(cache.status(.pods).lists == 1)
        }
    }

    @Test func expiredContinueTokenRestartsTheList() async throws {
        try await CacheHarness.run(prepare: { server in
            Self.seed(server)
            server.state.withLock { $0.expireNextContinue = true }
        }) { cache in
            #expect(await cache.eventually { cache.store.snapshot().isSynced })
            #expect(cache.store.snapshot().counts.pods == 5)
            #expect(cache.server.requests.filter { $0 == "/api/v1/pods?limit=2" }.count == 2)
            #expect(cache.status(.pods).lastError?.contains("too old") == true)
        }
    }

    @Test func serverErrorsAreRetriedWithBackoff() async throws {
        try await CacheHarness.run(prepare: { server in
            Self.seed(server)
            server.state.withLock { $0.failNext[.pods] = [500, 503, 500] }
        }) { cache in
            #expect(await cache.eventually { cache.store.snapshot().isSynced })
            #expect(cache.status(.pods).failures == 3)
            #expect(cache.store.snapshot().counts.pods == 5)
        }
    }

    @Test func missingCRDIsReportedUntilInstalled() async throws {
        try await CacheHarness.run(prepare: { server in
            Self.seed(server)
            server.state.withLock { $0.missingKinds = [.externalWorkloads] }
        }) { cache in
            #expect(await cache.eventually { cache.status(.externalWorkloads).isMissing && cache.status(.servers).isSynced })
            #expect(!cache.store.snapshot().isSynced)
            #expect(cache.store.snapshot().counts.servers == 2)
            cache.server.state.withLock { $0.missingKinds = [] }
            #expect(await cache.eventually { cache.store.snapshot().isSynced })
            #expect(!cache.status(.externalWorkloads).isMissing)
        }
    }

    @Test func optionalMissingCRDCountsAsSynced() async throws {
        try await CacheHarness.run(
            prepare: { server in
                Self.seed(server)
                server.state.withLock { $0.missingKinds = [.externalWorkloads] }
            },
            configure: { $0.optionalKinds = [.externalWorkloads] }
        ) { cache in
            #expect(await cache.eventually { cache.store.snapshot().isSynced })
            #expect(cache.status(.externalWorkloads).isMissing)
        }
    }

    @Test func slowResponseTimesOutAndIsRetried() async throws {
        try await CacheHarness.run(prepare: { server in
            Self.seed(server)
            server.state.withLock { $0.delayNext = .milliseconds(1500) }
        }) { cache in
            #expect(await cache.eventually { cache.store.snapshot().isSynced })
            let failures = ResourceKind.allCases.map { cache.status($0).failures }.reduce(0, +)
            #expect(failures >= 1)
            #expect(ResourceKind.allCases.contains { cache.status($0).lastError?.contains("timed out") == true })
        }
    }

    @Test func stalledWatchIsResumedFromTheLastVersion() async throws {
        try await CacheHarness.run(
            prepare: { server in
                Self.seed(server)
                server.state.withLock { $0.sendsBookmarks = false }
            },
            configure: { $0.watchIdleTimeout = .milliseconds(300) }
        ) { cache in
            #expect(await cache.eventually { cache.store.snapshot().isSynced })
            #expect(await cache.eventually { cache.status(.pods).watchRestarts >= 2 })
            cache.server.upsert(.pods, ObjectBuilder.pod("shop", "late"))
            #expect(await cache.eventually { cache.podNames("shop").contains("late") })
            #expect(cache.status(.pods).lists == 1)
        }
    }

    @Test func rotatedTokenFileIsReadAgain() async throws {
        let directory = NSTemporaryDirectory() + "lpw-token-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tokenPath = directory + "/token"
        try Data("stale-token\n".utf8).write(to: URL(fileURLWithPath: tokenPath))
        try await CacheHarness.run(
            prepare: Self.seed,
            configure: { $0.apiServer.bearerToken = .file(tokenPath) }
        ) { cache in
            #expect(await cache.eventually { cache.status(.pods).lastError?.contains("401") == true })
            #expect(!cache.store.snapshot().isSynced)
            // kubelet rotates projected tokens by swapping files: a new inode.
            try Data("secret-token\n".utf8).write(to: URL(fileURLWithPath: tokenPath + ".new"))
            _ = rename(tokenPath + ".new", tokenPath)
            #expect(await cache.eventually { cache.store.snapshot().isSynced })
        }
    }

    @Test func untrustedServerCertificateIsRefused() async throws {
        try await CacheHarness.run(
            prepare: Self.seed,
            configure: { $0.apiServer.certificateAuthorityPEM = nil }  // system roots do not know the test CA
        ) { cache in
            #expect(await cache.eventually { cache.status(.pods).lastError?.contains("certificate") == true })
            #expect(!cache.store.snapshot().isSynced)
        }
    }

    @Test func cancellationStopsPromptly() async throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        Self.seed(server)
        let store = SnapshotStore()
        let service = try ClusterCacheService(
            configuration: CacheHarness.configuration(port: server.port), store: store, logger: .init(label: "test"))
        let task = Task { try await service.run() }
        let harness = CacheHarness(server: server, store: store, service: service)
        #expect(await harness.eventually { store.snapshot().isSynced })
        let start = ContinuousClock.now
        task.cancel()
        try await task.value
        #expect(ContinuousClock.now - start < .seconds(2))
    }
}

/// Longer API-server faults (issue 6): a storm of 5xx answers on every kind after the cache synced, with the
/// watches cut so every reflector has to go back to the server during the storm.
@Suite(.serialized, .timeLimit(.minutes(1))) struct APIServerOutageTests {
    @Test func serverErrorStormKeepsTheLastStateRetriesBoundedAndRecovers() async throws {
        let failuresPerKind = 12
        try await CacheHarness.run(prepare: ClusterCacheServiceTests.seed) { cache in
            #expect(await cache.eventually { cache.store.snapshot().isSynced })
            let requestsBefore = cache.server.requests.count
            let start = ContinuousClock.now
            cache.server.state.withLock { state in
                for kind in ResourceKind.allCases {
                    state.failNext[kind] = (0..<failuresPerKind).map { [500, 502, 503, 504][$0 % 4] }
                }
            }
            cache.server.expireWatches()
            // During the storm the last listed state keeps answering overlap checks.
            #expect(await cache.eventually { ResourceKind.allCases.allSatisfy { cache.status($0).failures >= failuresPerKind / 2 } })
            #expect(cache.store.snapshot().counts.pods == 5)
            #expect(cache.store.snapshot().counts.servers == 2)
            // The storm ends by itself once the fake server has given every failure; the cache recovers without
            // a restart and follows new events again.
            #expect(await cache.eventually { cache.server.state.withLock { $0.failNext.values.allSatisfy(\.isEmpty) } })
            cache.server.upsert(.pods, ObjectBuilder.pod("shop", "after-storm"))
            #expect(await cache.eventually { cache.podNames("shop").contains("after-storm") })
            #expect(cache.store.snapshot().isSynced)
            // Retries back off instead of spinning: the requests made during the storm stay near the failures
            // given plus one list and one watch per kind.
            let elapsed = ContinuousClock.now - start
            let requests = cache.server.requests.count - requestsBefore
            let kinds = ResourceKind.allCases.count
            #expect(requests <= kinds * (failuresPerKind + 8), "\(requests) requests in \(elapsed)")
            // Each kind saw every 5xx, plus at most the 410 that ended its watch.
            for kind in ResourceKind.allCases {
                #expect((failuresPerKind...failuresPerKind + 1).contains(cache.status(kind).failures))
            }
        }
    }
}
