import ArgumentParser
import Glibc
import Logging
import NetIO
import PolicyCore
import ServiceLifecycle
import WebhookRuntime

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `linkerd-policy-webhook serve`: the admission webhook over TLS plus the admin listener.
///
/// Flag names follow Linkerd's runtime (kubert) so operators recognise them. `run()` parks the main thread (where
/// signals are handled) while `serve()` turns flags into a `WebhookConfiguration`, bootstraps logging and hands over
/// to `WebhookServer`.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve AdmissionReviews over TLS, with /healthz, /readyz and /metrics on the admin address."
    )

    @Option(help: "Address of the TLS webhook listener.")
    var serverAddr: String = "[::]:9443"

    @Option(help: "PEM certificate chain of the webhook (leaf first); re-read when the file changes.")
    var serverTlsCerts: String = "certs/out/server.crt"

    @Option(help: "PEM private key (ECDSA or RSA) of the webhook; re-read when the file changes.")
    var serverTlsKey: String = "certs/out/server.key"

    @Option(help: "Address of the plain-HTTP admin listener (/healthz, /readyz, /metrics).")
    var adminAddr: String = "[::]:9990"

    @Option(help: "PEM CA bundle; when set, clients must present a certificate it signed.")
    var clientCa: String?

    @Option(help: ArgumentHelp("Largest request body in bytes (suffixes Ki, Mi, Gi accepted).", valueName: "bytes"))
    var maxBody = ByteCount(WebhookConfiguration.defaultMaxBodyBytes)

    @Option(help: ArgumentHelp("How long in-flight requests may take to finish after SIGTERM (e.g. 20, 20s or 1m).", valueName: "duration"))
    var shutdownGrace = FlagDuration(WebhookConfiguration.defaultShutdownGrace)

    @Option(help: "Longest time a request's head and body together may take to arrive, from its first byte (e.g. 10s); a request still arriving then is answered 408 and its connection closed, however steadily its bytes trickle in.")
    var requestDeadline = FlagDuration(ConnectionTimeouts.defaultRequest)

    @Option(help: "Log level.")
    var logLevel: Logger.Level = .info

    @Option(help: "Log format: plain (human-readable lines; `text` is accepted too) or json (one JSON object per line).")
    var logFormat: LogFormat = .plain

    @Option(help: "YAML or JSON file of Pods, Servers, ExternalWorkloads, authorizations and HTTPRoutes to check overlaps and traffic impact against.")
    var inventory: String?

    @Option(help: "Kubeconfig for the live cluster cache (current context; exec credential plugins run unattended, never prompting). Without it and without --inventory, the in-cluster service account is used.")
    var kubeconfig: String?

    @Option(help: "Open connections the webhook listener holds at most; more are closed at once (10,000 idle keep-alive connections fit in the default).")
    var maxConnections: Int = HTTPServerConfiguration.defaultMaxConnections

    @Option(help: "Epoll event loops (threads) serving the webhook port; default: one per online core.")
    var eventLoops: Int?

    @Option(help: ArgumentHelp("Request bytes all connections may hold at once, partial heads and bodies (suffixes Ki, Mi, Gi accepted); past it the connection that would exceed it is closed. At least twice --max-body (a body's buffer can allocate up to twice its size). Default: a quarter of the container's cgroup memory limit, or 256Mi without a limit, and never less than twice --max-body.", valueName: "bytes"))
    var maxBufferedBytes: ByteCount?

    @Option(help: ArgumentHelp(
        "What a violation gets: deny rejects the request; warn admits it with one 'would deny: <field>: <message>' warning per violation (counted as decision would_deny). POST /validate/warn always reviews in warn mode.",
        valueName: "deny|warn"
    ))
    var enforcement: AdmissionConfiguration.Enforcement = .deny

    @Option(help: "What an overlapping Server gets. Deprecated: --enforcement warn covers every rule; this still softens the overlap rule alone.")
    var overlap: WebhookConfiguration.OverlapMode = .deny

    @Option(help: "What a Server gets before the cluster state is known.")
    var unsynced: WebhookConfiguration.UnsyncedPolicy = .deny

    @Option(help: ArgumentHelp("How long the API server may be unreachable before Server verdicts warn that the cluster state they used may be old (e.g. 60s, 5m).", valueName: "duration"))
    var staleWarningAfter = FlagDuration(.seconds(AdmissionConfiguration.defaultStaleStateWarningSeconds))

    func validate() throws {
        _ = try self.addresses()
        if let maxBufferedBytes = self.maxBufferedBytes, maxBufferedBytes.bytes / 2 < self.maxBody.bytes {
            throw ServeFlagError(
                "--max-buffered-bytes '\(maxBufferedBytes.defaultValueDescription)' must be at least twice --max-body (a body's buffer can allocate up to twice its size)")
        }
        guard self.maxConnections > 0 else {
            throw ServeFlagError("--max-connections '\(self.maxConnections)' must be a positive number")
        }
        if let eventLoops = self.eventLoops, !(1...256).contains(eventLoops) {
            throw ServeFlagError("--event-loops '\(eventLoops)' must be between 1 and 256")
        }
        if self.inventory != nil && self.kubeconfig != nil {
            throw ServeFlagError("--inventory and --kubeconfig exclude each other: serve a static snapshot or a live cluster")
        }
        guard self.requestDeadline.duration > .zero, self.requestDeadline.duration <= .seconds(600) else {
            throw ServeFlagError("--request-deadline '\(self.requestDeadline.defaultValueDescription)' must be between 1ms and 10m, such as 10s")
        }
    }

    func run() throws {
        // SIGPIPE ignored before any thread starts; SIGTERM and SIGINT are trapped by the ServiceGroup in `serve()`
        // before the listeners bind (swift-service-lifecycle's UnixSignals, a signalfd-backed dispatch source on
        // Linux, so a mask inherited from the parent does not hide them).
        TerminationSignal.ignoreBrokenPipe()
        // Validated flags, copied into a Sendable task.
        let command = self
        try MainThreadParking.run { try await command.serve() }
    }

    private func serve() async throws {
        let level = self.logLevel
        let isJSON = self.logFormat == .json
        LoggingSystem.bootstrap { label in
            if isJSON { return JSONLogHandler(label: label, logLevel: level) }
            return PlainLogHandler(label: label, logLevel: level)
        }
        let logger = Logger(label: "linkerd-policy-webhook")
        let (server, admin) = try self.addresses()
        var configuration = WebhookConfiguration(
            serverAddress: server,
            adminAddress: admin,
            tls: TLSConfiguration(
                certificateChainPath: self.serverTlsCerts,
                privateKeyPath: self.serverTlsKey,
                clientCAPath: self.clientCa
            ),
            maxBodyBytes: self.maxBody.bytes,
            shutdownGrace: self.shutdownGrace.duration
        )
        configuration.maxConnections = self.maxConnections
        configuration.timeouts.request = self.requestDeadline.duration
        if let eventLoops = self.eventLoops { configuration.eventLoopCount = eventLoops }
        let buffers = self.bufferBudget()
        configuration.maxBufferedBytes = buffers.bytes
        configuration.admission.enforcement = self.enforcement
        configuration.admission.overlapMode = self.overlap
        configuration.admission.unsyncedPolicy = self.unsynced
        configuration.admission.staleStateWarningSeconds = self.staleWarningAfter.seconds
        let live: ClusterSource.Live
        do {
            live = try self.clusterSource().open(logger: logger)
        } catch {
            throw ServeFlagError("cannot use the cluster state: \(error)")
        }
        let metrics = WebhookMetricSet()
        let clusterMetrics = ClusterMetrics(
            registry: metrics.registry, store: live.store, cache: live.cache, certificatePath: self.serverTlsCerts,
            logger: logger
        )
        let webhook = WebhookServer(
            configuration: configuration,
            endpoint: AdmissionEndpoint(
                controller: AdmissionController(configuration: configuration.admission), snapshots: live.store,
                onServerAdmitted: live.recordAdmitted
            ),
            readiness: live.isReady,
            metrics: metrics,
            adminHooks: clusterMetrics.adminHooks,
            logger: logger
        )
        let enforcement = self.enforcement.rawValue
        let service = WebhookService(server: webhook) { addresses in
            buffers.log(logger)
            let line = "linkerd-policy-webhook: admission on https://\(addresses.webhook)/validate (enforcement \(enforcement); /validate/warn: warn), admin on http://\(addresses.admin)\n"
            // One write(2), unbuffered, so scripts waiting for this line see it at once.
            _ = Array(line.utf8).withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
        }
        try await ServiceGroup.serving(
            webhook: service, cache: live.cache,
            metrics: ClusterMetricsRefresher(metrics: clusterMetrics, interval: ClusterMetrics.refreshInterval),
            grace: configuration.shutdownGrace, logger: logger
        ).run()
    }

    /// `--max-buffered-bytes`, else the share of the container's memory limit, with how to log it once serving
    /// (a budget over half the limit is worth a warning: the cache needs room too).
    private func bufferBudget() -> (bytes: Int, log: @Sendable (Logger) -> Void) {
        let limit = ContainerMemoryLimit.read()
        let budget = self.maxBufferedBytes?.bytes ?? AutomaticBufferBudget.budget(
            memoryLimit: limit, maxBodyBytes: self.maxBody.bytes, unlimited: HTTPServerConfiguration.defaultMaxBufferedBytes)
        var metadata: Logger.Metadata = [
            "buffers.budget_bytes": "\(budget)", "buffers.source": self.maxBufferedBytes == nil ? "automatic" : "flag",
        ]
        if let limit { metadata["container.memory_limit_bytes"] = "\(limit)" }
        let isOverHalf = limit.map { budget > $0 / 2 } ?? false
        // Automatic, it passes half the limit only when twice --max-body does (the budget holds one largest body).
        let source = self.maxBufferedBytes == nil ? "the request buffer budget (at least twice --max-body)" : "--max-buffered-bytes"
        return (budget, { [metadata, source] logger in
            if isOverHalf {
                logger.warning("\(source) is over half the container's memory limit: a flood of partial bodies can get the pod killed", metadata: metadata)
            } else {
                logger.info("request buffer budget", metadata: metadata)
            }
        })
    }

    /// The cluster state to serve with: `--inventory`, else `--kubeconfig`, else the in-cluster service account.
    private func clusterSource() throws -> ClusterSource {
        if let inventory = self.inventory { return .inventory(path: inventory) }
        if let kubeconfig = self.kubeconfig { return .kubeconfig(path: kubeconfig) }
        let environment = ProcessInfo.processInfo.environment
        guard environment["KUBERNETES_SERVICE_HOST"] != nil else {
            throw ServeFlagError("no cluster state: give --inventory FILE, --kubeconfig FILE, or run inside a cluster")
        }
        return .inCluster(environment: environment)
    }

    /// The two listener addresses, or a `ServeFlagError` naming the bad flag.
    private func addresses() throws -> (server: SocketAddress, admin: SocketAddress) {
        let server: SocketAddress
        let admin: SocketAddress
        do {
            server = try SocketAddress(parsing: self.serverAddr)
        } catch {
            throw ServeFlagError("--server-addr '\(self.serverAddr)' is not host:port, e.g. [::]:9443 or 127.0.0.1:9443")
        }
        do {
            admin = try SocketAddress(parsing: self.adminAddr)
        } catch {
            throw ServeFlagError("--admin-addr '\(self.adminAddr)' is not host:port, e.g. [::]:9990")
        }
        return (server, admin)
    }
}

/// A flag value `serve` cannot use; printed as one line (`Error: --flag 'value' is not ...`), exit status 1.
struct ServeFlagError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
