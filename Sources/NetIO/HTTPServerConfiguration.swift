import Glibc
import HTTP1Codec

/// Everything one listener needs: where to bind, TLS or plain, limits, timeouts and loop count.
package struct HTTPServerConfiguration: Sendable {
    /// A name for logs (`webhook`, `admin`).
    package var name: String
    package var address: SocketAddress
    /// The reloading TLS context, or nil for plain HTTP (the admin listener).
    package var tls: ReloadingTLSContext?
    package var limits: HTTPLimits
    package var timeouts: ConnectionTimeouts
    /// Event loops, one thread each; defaults to the number of online cores.
    package var eventLoopCount: Int
    /// How often each loop looks for timed-out connections.
    package var sweepInterval: Duration
    /// How often the certificate files are checked for changes.
    package var reloadInterval: Duration
    /// Open connections allowed on this listener (shared evenly by the loops); past it, new connections are
    /// accepted and closed at once, so a flood cannot exhaust memory or descriptors.
    package var maxConnections: Int
    /// Request bytes all connections may hold at once (partial heads and bodies); past it, the connection that
    /// would exceed it is closed.
    package var maxBufferedBytes: Int

    package init(
        name: String,
        address: SocketAddress,
        tls: ReloadingTLSContext? = nil,
        limits: HTTPLimits = HTTPLimits(),
        timeouts: ConnectionTimeouts = ConnectionTimeouts(),
        eventLoopCount: Int = HTTPServerConfiguration.onlineCores,
        sweepInterval: Duration = .milliseconds(250),
        reloadInterval: Duration = .seconds(1),
        maxConnections: Int = HTTPServerConfiguration.defaultMaxConnections,
        maxBufferedBytes: Int = HTTPServerConfiguration.defaultMaxBufferedBytes
    ) {
        self.maxBufferedBytes = max(1, maxBufferedBytes)
        self.maxConnections = max(1, maxConnections)
        self.name = name
        self.address = address
        self.tls = tls
        self.limits = limits
        self.timeouts = timeouts
        self.eventLoopCount = max(1, eventLoopCount)
        self.sweepInterval = sweepInterval
        self.reloadInterval = reloadInterval
    }

    /// Open connections a listener holds at most by default (10,000 idle keep-alive connections fit).
    package static let defaultMaxConnections = 25_000
    /// Request bytes all connections may hold together by default.
    package static let defaultMaxBufferedBytes = 256 << 20

    /// The number of online CPU cores.
    package static var onlineCores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
