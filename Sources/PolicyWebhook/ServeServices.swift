import KubeClient
import Logging
import ServiceLifecycle
import WebhookRuntime

/// The webhook as a `ServiceGroup` member that reports the bound addresses once it listens.
struct WebhookService: Service {
    let server: WebhookServer
    let onStart: @Sendable (WebhookServer.BoundAddresses) -> Void

    func run() async throws {
        try await self.server.run(onStart: self.onStart)
    }
}

/// The cluster cache as a `ServiceGroup` member: its reflectors stop when the group shuts down gracefully (after
/// the webhook, listed later, has drained).
struct ClusterCacheLifecycle: Service {
    let cache: ClusterCacheService

    func run() async throws {
        try await cancelWhenGracefulShutdown { try await self.cache.run() }
    }
}

/// The cluster gauges and the overlap report, refreshed in the background while the webhook serves.
struct ClusterMetricsRefresher: Service {
    let metrics: ClusterMetrics
    let interval: Duration

    func run() async throws {
        await cancelWhenGracefulShutdown { await self.metrics.run(every: self.interval) }
    }
}

extension ServiceGroup {
    /// The serve command's services in start order (the cache, the metrics refresher, then the webhook; shutdown
    /// runs in reverse), with SIGTERM and SIGINT as graceful shutdown. A shutdown that outlasts `grace` by
    /// `backstop` is cancelled.
    static func serving(
        webhook: WebhookService, cache: ClusterCacheService?, metrics: ClusterMetricsRefresher, grace: Duration,
        backstop: Duration = .seconds(5), logger: Logger
    ) -> ServiceGroup {
        var services: [any Service] = []
        if let cache { services.append(ClusterCacheLifecycle(cache: cache)) }
        services.append(metrics)
        services.append(webhook)
        var configuration = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = grace + backstop
        return ServiceGroup(configuration: configuration)
    }
}
