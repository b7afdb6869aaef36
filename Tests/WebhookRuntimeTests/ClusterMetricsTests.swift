import Foundation
import HTTP1Codec
import KubeCache
import Logging
import Synchronization
import Testing
import WebhookMetrics
import WebhookRuntime

@Suite struct ClusterMetricsTests {
    /// A snapshot provider that counts its calls and, while `isHolding`, blocks each caller until released: a
    /// stand-in for a slow cache read or overlap computation.
    final class GatedProvider: SnapshotProvider, Sendable {
        let value: ClusterSnapshot
        let calls = Atomic<Int>(0)
        let waiting = Atomic<Int>(0)
        let isHolding: Atomic<Bool>
        private let gate = DispatchSemaphore(value: 0)

        init(_ value: ClusterSnapshot, holding: Bool = false) {
            self.value = value
            self.isHolding = Atomic(holding)
        }

        func snapshot() -> ClusterSnapshot {
            self.calls.add(1, ordering: .relaxed)
            if self.isHolding.load(ordering: .relaxed) {
                self.waiting.add(1, ordering: .relaxed)
                self.gate.wait()
            }
            return self.value
        }

        func release() {
            self.isHolding.store(false, ordering: .relaxed)
            for _ in 0..<self.waiting.load(ordering: .relaxed) { self.gate.signal() }
        }
    }

    static func overlappingSnapshot() -> ClusterSnapshot {
        var snapshot = ClusterSnapshot()
        snapshot.apply(PodRecord(namespace: "shop", name: "web-1", labels: ["app": "web"], phase: "Running", ports: [DeclaredPort(number: 8080)]))
        let web = LabelSelector(matchLabels: ["app": "web"])
        snapshot.apply(ServerRecord(namespace: "shop", name: "a", selector: .pods(web), port: .number(8080)))
        snapshot.apply(ServerRecord(namespace: "shop", name: "b", selector: .pods(web), port: .number(8080)))
        return snapshot
    }

    static func get(_ path: String, from routes: AdminRoutes) -> HTTPResponse {
        routes.handle(HTTPRequest(method: "GET", target: path, minorVersion: 1, headers: ["Host": "admin"]))
    }

    @Test func refreshSetsCacheObjectsSyncAndExistingOverlaps() {
        let registry = MetricsRegistry()
        let metrics = ClusterMetrics(
            registry: registry, store: StaticSnapshotProvider(Self.overlappingSnapshot()), cache: nil,
            certificatePath: "/nonexistent.crt", logger: Logger(label: "test")
        )
        metrics.refresh()
        let text = registry.render()
        #expect(text.contains(#"linkerd_policy_webhook_cache_objects{type="pod"} 1"#))
        #expect(text.contains(#"linkerd_policy_webhook_cache_objects{type="server"} 2"#))
        #expect(text.contains("linkerd_policy_webhook_cache_synced 1"))
        #expect(text.contains("linkerd_policy_webhook_existing_server_overlaps 1"))
        #expect(metrics.adminHooks.existingOverlaps().map(\.description) == [#"shop: Server "a" and Server "b" overlap on web-1/8080"#])
    }

    @Test func adminRoutesNeverReadTheCache() {
        let provider = GatedProvider(Self.overlappingSnapshot())
        let registry = MetricsRegistry()
        let metrics = ClusterMetrics(
            registry: registry, store: provider, cache: nil, certificatePath: "/nonexistent.crt", logger: Logger(label: "test"))
        let routes = AdminRoutes(registry: registry, hooks: metrics.adminHooks) { true }
        #expect(Self.get("/overlaps", from: routes).body == Array("no overlapping Servers\n".utf8))
        metrics.refresh()
        let callsAfterRefresh = provider.calls.load(ordering: .relaxed)
        #expect(callsAfterRefresh > 0)
        for _ in 0..<20 {
            for path in ["/healthz", "/readyz", "/metrics", "/overlaps"] { #expect(Self.get(path, from: routes).status == 200) }
        }
        #expect(provider.calls.load(ordering: .relaxed) == callsAfterRefresh)
        #expect(String(decoding: Self.get("/overlaps", from: routes).body, as: UTF8.self).contains(#"Server "a" and Server "b""#))
    }

    @Test func adminRoutesAnswerWhileARefreshIsStuck() async throws {
        let provider = GatedProvider(Self.overlappingSnapshot(), holding: true)
        let registry = MetricsRegistry()
        let metrics = ClusterMetrics(
            registry: registry, store: provider, cache: nil, certificatePath: "/nonexistent.crt", logger: Logger(label: "test"))
        let routes = AdminRoutes(registry: registry, hooks: metrics.adminHooks) { true }
        let refresher = Thread { metrics.refresh() }
        refresher.start()
        defer { provider.release() }
        // The refresh is inside the cache read, and stays there until released.
        while provider.waiting.load(ordering: .relaxed) == 0 { try await Task.sleep(for: .milliseconds(1)) }
        for path in ["/healthz", "/metrics", "/overlaps"] { #expect(Self.get(path, from: routes).status == 200) }
        #expect(provider.waiting.load(ordering: .relaxed) == 1)
    }

    @Test func runRefreshesUntilCancelled() async throws {
        let provider = GatedProvider(Self.overlappingSnapshot())
        let metrics = ClusterMetrics(
            registry: MetricsRegistry(), store: provider, cache: nil, certificatePath: "/nonexistent.crt",
            logger: Logger(label: "test"))
        let task = Task { await metrics.run(every: .milliseconds(5)) }
        while provider.calls.load(ordering: .relaxed) < 3 { try await Task.sleep(for: .milliseconds(1)) }
        task.cancel()
        await task.value
        let calls = provider.calls.load(ordering: .relaxed)
        try await Task.sleep(for: .milliseconds(30))
        #expect(provider.calls.load(ordering: .relaxed) == calls)
    }
}
