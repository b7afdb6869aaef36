import HTTP1Codec
import NetIO
import PolicyCore

/// Everything `serve` decided from its flags, as one value with defaults (hummingbird
/// `ApplicationConfiguration`); `WebhookServer` takes it apart.
package struct WebhookConfiguration: Sendable {
    /// The largest request body by default (the codec's limit).
    package static let defaultMaxBodyBytes = HTTPLimits().maxBodyBytes
    /// How long in-flight requests may take after SIGTERM by default.
    package static let defaultShutdownGrace: Duration = .seconds(20)

    /// What an overlapping Server gets (`--overlap`), re-exported for the command.
    package typealias OverlapMode = AdmissionConfiguration.OverlapMode
    /// What a Server gets before the cache synced (`--unsynced`), re-exported for the command.
    package typealias UnsyncedPolicy = AdmissionConfiguration.UnsyncedPolicy

    /// The TLS webhook listener (`--server-addr`).
    package var serverAddress: SocketAddress
    /// The plain-HTTP admin listener for probes and metrics (`--admin-addr`).
    package var adminAddress: SocketAddress
    /// Certificate, key and optional client CA (`--server-tls-certs`, `--server-tls-key`, `--client-ca`).
    package var tls: TLSConfiguration
    /// Largest accepted request body (`--max-body`).
    package var maxBodyBytes: Int
    /// How long in-flight requests may take to finish on SIGTERM (`--shutdown-grace`).
    package var shutdownGrace: Duration
    /// How admission decisions are tuned (`--overlap`, `--unsynced`).
    package var admission: AdmissionConfiguration
    package var timeouts: ConnectionTimeouts
    /// Event loops for the webhook listener (the admin listener has one).
    package var eventLoopCount: Int
    /// How often the certificate files are checked for changes.
    package var certificateReloadInterval: Duration
    /// Open connections the webhook listener holds at most (`--max-connections`).
    package var maxConnections: Int
    /// Request bytes all webhook connections may hold at once (`--max-buffered-bytes`).
    package var maxBufferedBytes: Int

    package init(
        serverAddress: SocketAddress,
        adminAddress: SocketAddress,
        tls: TLSConfiguration,
        maxBodyBytes: Int = Self.defaultMaxBodyBytes,
        shutdownGrace: Duration = Self.defaultShutdownGrace,
        admission: AdmissionConfiguration = AdmissionConfiguration(),
        timeouts: ConnectionTimeouts = ConnectionTimeouts(),
        eventLoopCount: Int = HTTPServerConfiguration.onlineCores,
        certificateReloadInterval: Duration = .seconds(1),
        maxConnections: Int = HTTPServerConfiguration.defaultMaxConnections,
        maxBufferedBytes: Int = HTTPServerConfiguration.defaultMaxBufferedBytes
    ) {
        self.maxBufferedBytes = maxBufferedBytes
        self.maxConnections = maxConnections
        self.serverAddress = serverAddress
        self.adminAddress = adminAddress
        self.tls = tls
        self.maxBodyBytes = maxBodyBytes
        self.shutdownGrace = shutdownGrace
        self.admission = admission
        self.timeouts = timeouts
        self.eventLoopCount = eventLoopCount
        self.certificateReloadInterval = certificateReloadInterval
    }
}
