import KubeCache
import Logging
import Testing
import WebhookMetrics
import WebhookRuntime

@Suite struct ClusterMetricsTests {
    @Test func scrapeReportsCacheObjectsSyncAndExistingOverlaps() {
        var snapshot = ClusterSnapshot()
        snapshot.apply(PodRecord(namespace: "shop", name: "web-1", labels: ["app": "web"], phase: "Running", ports: [DeclaredPort(number: 8080)]))
        let web = LabelSelector(matchLabels: ["app": "web"])
        snapshot.apply(ServerRecord(namespace: "shop", name: "a", selector: .pods(web), port: .number(8080)))
        snapshot.apply(ServerRecord(namespace: "shop", name: "b", selector: .pods(web), port: .number(8080)))
        let registry = MetricsRegistry()
        let metrics = ClusterMetrics(
            registry: registry, store: StaticSnapshotProvider(snapshot), cache: nil, certificatePath: "/nonexistent.crt",
            logger: Logger(label: "test")
        )
        metrics.adminHooks.refreshMetrics()
        let text = registry.render()
        #expect(text.contains(#"linkerd_policy_webhook_cache_objects{type="pod"} 1"#))
        #expect(text.contains(#"linkerd_policy_webhook_cache_objects{type="server"} 2"#))
        #expect(text.contains("linkerd_policy_webhook_cache_synced 1"))
        #expect(text.contains("linkerd_policy_webhook_existing_server_overlaps 1"))
        #expect(metrics.adminHooks.existingOverlaps().map(\.description) == [#"shop: Server "a" and Server "b" overlap on web-1/8080"#])
    }
}
