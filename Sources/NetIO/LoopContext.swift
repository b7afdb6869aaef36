import HTTP1Codec
import Logging

/// What every connection of one event loop shares: scratch buffers, the handler and settings.
///
/// Not `Sendable`: owned by one loop thread. The buffers are allocated once per loop, so reading and
/// decrypting allocate nothing per request.
final class LoopContext {
    /// Raw bytes from the socket.
    let readBuffer: UnsafeMutableRawBufferPointer
    /// Plaintext out of OpenSSL.
    let plaintextBuffer: UnsafeMutableRawBufferPointer
    /// Where a response is serialized before it is encrypted or queued.
    var responseBuffer: [UInt8] = []
    let handler: any HTTPRequestHandler
    let observer: any ServerObserver
    /// Test-visible facts about the server (counters).
    let probe: ServerProbe
    let limits: HTTPLimits
    let timeouts: ConnectionTimeouts
    let logger: Logger
    /// The listener-wide budget of request bytes held by connections.
    let budget: BufferBudget
    /// The loop's clock at the start of the current batch of events.
    var now: UInt64 = 0

    init(
        handler: any HTTPRequestHandler,
        observer: any ServerObserver,
        probe: ServerProbe,
        limits: HTTPLimits,
        timeouts: ConnectionTimeouts,
        budget: BufferBudget,
        logger: Logger
    ) {
        self.budget = budget
        self.readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        self.plaintextBuffer = .allocate(byteCount: 16 * 1024, alignment: 16)
        self.handler = handler
        self.observer = observer
        self.probe = probe
        self.limits = limits
        self.timeouts = timeouts
        self.logger = logger
    }

    deinit {
        self.readBuffer.deallocate()
        self.plaintextBuffer.deallocate()
    }
}
