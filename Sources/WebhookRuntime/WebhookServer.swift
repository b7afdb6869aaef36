// WebhookRuntime (server side): wires NetIO listeners to the admission endpoint, metrics and probes.
//
// Owns no protocol logic: routes map HTTP to AdmissionEndpoint and back; decisions stay in PolicyCore.
// Relations: WebhookServer -> [ HTTPServer "webhook" (TLS) -> WebhookRoutes -> AdmissionEndpoint ]
//                          -> [ HTTPServer "admin" (plain) -> AdminRoutes -> MetricsRegistry, readiness ].
import HTTP1Codec
import Logging
import NetIO
import ServiceLifecycle
import Synchronization

/// The running webhook: the admin listener and the TLS webhook listener, started in dependency order and
/// stopped in reverse (STYLE section 8).
///
/// `start()` fails fast on unusable TLS material or addresses; `run()` serves until its `ServiceGroup` shuts down; tests
/// call `start()`, talk to the returned addresses, then `shutdown()` and `waitUntilStopped()`.
package final class WebhookServer: Sendable {
    /// The addresses actually bound (real ports when port 0 was asked for).
    package struct BoundAddresses: Sendable {
        package var webhook: SocketAddress
        package var admin: SocketAddress
    }

    package let configuration: WebhookConfiguration
    package let metrics: WebhookMetricSet
    private let endpoint: AdmissionEndpoint
    private let readiness: @Sendable () -> Bool
    private let adminHooks: AdminHooks
    private let logger: Logger
    private let isShuttingDown = Atomic(false)
    private let servers: Mutex<(webhook: HTTPServer?, admin: HTTPServer?)> = Mutex((nil, nil))

    /// A server answering with `endpoint`; `readiness` says whether verdicts are real yet (a static
    /// inventory is ready at once; the reflectors become ready after their first list).
    package init(
        configuration: WebhookConfiguration,
        endpoint: AdmissionEndpoint,
        readiness: @escaping @Sendable () -> Bool = { true },
        metrics: WebhookMetricSet = WebhookMetricSet(),
        adminHooks: AdminHooks = AdminHooks(),
        logger: Logger
    ) {
        self.configuration = configuration
        self.endpoint = endpoint
        self.readiness = readiness
        self.adminHooks = adminHooks
        self.metrics = metrics
        self.logger = logger
    }

    /// A server for the inventory file at `inventoryPath`, or for an empty cluster when nil.
    package static func serving(
        inventoryPath: String?,
        configuration: WebhookConfiguration,
        logger: Logger
    ) throws(WebhookServerError) -> WebhookServer {
        let endpoint = try AdmissionEndpoint.inventory(path: inventoryPath, configuration: configuration.admission)
        return WebhookServer(configuration: configuration, endpoint: endpoint, logger: logger)
    }

    /// Loads the TLS pair, then starts the admin listener, then the webhook listener.
    package func start() throws(WebhookServerError) -> BoundAddresses {
        TerminationSignal.ignoreBrokenPipe()
        let tls: ReloadingTLSContext
        do {
            tls = try ReloadingTLSContext(configuration: self.configuration.tls)
        } catch {
            throw .tls(error)
        }
        let admin = HTTPServer(
            configuration: HTTPServerConfiguration(
                name: "admin",
                address: self.configuration.adminAddress,
                limits: HTTPLimits(maxBodyBytes: AdminRoutes.maxBodyBytes),
                timeouts: self.configuration.timeouts,
                eventLoopCount: 1
            ),
            handler: AdminRoutes(registry: self.metrics.registry, hooks: self.adminHooks) { [weak self] in
                guard let self else { return false }
                return !self.isShuttingDown.load(ordering: .relaxed) && self.readiness()
            },
            logger: self.logger
        )
        let webhook = HTTPServer(
            configuration: HTTPServerConfiguration(
                name: "webhook",
                address: self.configuration.serverAddress,
                tls: tls,
                limits: HTTPLimits(maxBodyBytes: self.configuration.maxBodyBytes),
                timeouts: self.configuration.timeouts,
                eventLoopCount: self.configuration.eventLoopCount,
                reloadInterval: self.configuration.certificateReloadInterval,
                maxConnections: self.configuration.maxConnections,
                maxBufferedBytes: self.configuration.maxBufferedBytes
            ),
            handler: WebhookRoutes(endpoint: self.endpoint, metrics: self.metrics, logger: self.logger),
            observer: self.metrics,
            logger: self.logger
        )
        let adminAddress: SocketAddress
        do {
            adminAddress = try admin.start()
        } catch {
            throw .bind("admin", self.configuration.adminAddress, error)
        }
        self.servers.withLock { $0.admin = admin }
        let webhookAddress: SocketAddress
        do {
            webhookAddress = try webhook.start()
        } catch {
            admin.beginShutdown(grace: .zero)
            throw .bind("webhook", self.configuration.serverAddress, error)
        }
        self.servers.withLock { $0.webhook = webhook }
        return BoundAddresses(webhook: webhookAddress, admin: adminAddress)
    }

    /// Stops both listeners: `/readyz` turns 503, the webhook drains within `grace` (default: the configured
    /// shutdown grace), then the admin listener stops.
    package func shutdown(grace: Duration? = nil) {
        self.isShuttingDown.store(true, ordering: .relaxed)
        let (webhook, _) = self.servers.withLock { $0 }
        webhook?.beginShutdown(grace: grace ?? self.configuration.shutdownGrace)
    }

    /// Counters of the webhook listener (nil before `start()`), for tests to wait on.
    package var webhookProbe: ServerProbe? {
        self.servers.withLock { $0.webhook?.probe }
    }

    /// Request bytes the webhook listener's connections hold now (nil before `start()`), for tests to wait on.
    package var webhookBufferedBytes: Int? {
        self.servers.withLock { $0.webhook?.budget.heldBytes }
    }

    /// Returns once the webhook listener has drained and the admin listener has stopped.
    package func waitUntilStopped() async {
        let (webhook, admin) = self.servers.withLock { $0 }
        await webhook?.waitUntilStopped()
        admin?.beginShutdown(grace: .zero)
        await admin?.waitUntilStopped()
    }

    /// Starts, reports where it listens to `onStart`, serves until the graceful shutdown of the `ServiceGroup` it
    /// runs in (SIGTERM or SIGINT), then drains within the shutdown grace and returns. Cancelled instead, it drains
    /// with no grace.
    package func run(onStart: (BoundAddresses) -> Void) async throws {
        let addresses = try self.start()
        onStart(addresses)
        self.logger.info(
            "serving",
            metadata: ["webhook.address": "https://\(addresses.webhook)", "admin.address": "http://\(addresses.admin)"]
        )
        let grace: Duration
        do {
            try await gracefulShutdown()
            grace = self.configuration.shutdownGrace
        } catch {
            grace = .zero
        }
        self.logger.info("shutting down", metadata: ["grace": "\(grace)"])
        self.shutdown(grace: grace)
        await self.waitUntilStopped()
        self.logger.info("stopped")
    }
}

/// A `Service` for `ServiceGroup`: the webhook serves from `run()` until the group shuts down gracefully.
extension WebhookServer: Service {
    package func run() async throws {
        try await self.run(onStart: { _ in })
    }
}
