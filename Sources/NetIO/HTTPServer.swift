// NetIO: sockets, epoll event loops, TLS over OpenSSL with byte-queue BIOs, and the HTTP/1.1 server built on them.
//
// Owns every syscall and every OpenSSL call of the webhook; knows HTTP only through HTTP1Codec and nothing
// about admission. Relations: HTTPServer -> [ EventLoop ] (one thread each) -> [ Connection ]
// -> ConnectionStateMachine (pure) + TLSConnection (byte-queue BIOs) + HTTPRequestParser -> HTTPRequestHandler.

import Glibc
import HTTP1Codec
import Logging
import Synchronization

/// An HTTP/1.1 server (TLS or plain) on one listening socket, served by a fixed set of epoll loops.
///
/// Service-shaped: `start()` binds and starts the loops, `beginShutdown(grace:)` stops accepting and drains,
/// and `waitUntilStopped()` returns once every loop has finished. Connections are never handed between
/// threads: each is owned by the loop that accepted it.
package final class HTTPServer: Sendable {
    /// Lifecycle state shared between the caller and the loop threads.
    private struct State {
        var listeners: [ListeningSocket] = []
        var loops: [EventLoop] = []
        var runningLoops = 0
        var isStopped = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    package let configuration: HTTPServerConfiguration
    private let handler: any HTTPRequestHandler
    private let observer: any ServerObserver
    private let logger: Logger
    /// Counters tests wait on (partial requests read, listeners closed).
    package let probe = ServerProbe()
    /// The request bytes all connections of the listener hold together (`maxBufferedBytes`).
    package let budget: BufferBudget
    private let state = Mutex(State())

    package init(
        configuration: HTTPServerConfiguration,
        handler: any HTTPRequestHandler,
        observer: any ServerObserver = NoServerObserver(),
        logger: Logger
    ) {
        self.configuration = configuration
        self.budget = BufferBudget(limit: configuration.maxBufferedBytes)
        self.handler = handler
        self.observer = observer
        self.logger = logger
    }

    /// Binds the listener and starts the loops; returns the bound address (with the real port for port 0).
    @discardableResult
    package func start() throws(SystemCallError) -> SocketAddress {
        Syscall.raiseOpenFileLimit()
        // One listener per loop on the same port (SO_REUSEPORT): the kernel spreads connections evenly, where a
        // shared listener let whichever loop woke first take a whole burst (16 connections on one core).
        try ListeningSocket.ensureAvailable(self.configuration.address)
        let first = try ListeningSocket(address: self.configuration.address)
        var listeners = [first]
        let slots = ConnectionSlots(limit: self.configuration.maxConnections)
        var loops: [EventLoop] = []
        do {
            while listeners.count < self.configuration.eventLoopCount {
                listeners.append(try ListeningSocket(address: first.address))
            }
            for (index, listener) in listeners.enumerated() {
                loops.append(
                    try EventLoop(
                        index: index,
                        listener: listener,
                        configuration: self.configuration,
                        handler: self.handler,
                        observer: self.observer,
                        probe: self.probe,
                        budget: self.budget,
                        slots: slots,
                        logger: self.logger
                    )
                )
            }
        } catch {
            for listener in listeners { listener.close() }
            throw error
        }
        self.state.withLock {
            $0.listeners = listeners
            $0.loops = loops
            $0.runningLoops = loops.count
        }
        for (index, loop) in loops.enumerated() {
            try spawnThread(name: "\(self.configuration.name)-\(index)") {
                loop.run()
                self.loopFinished()
            }
        }
        return first.address
    }

    /// The bound address, once started.
    package var localAddress: SocketAddress? {
        self.state.withLock { $0.listeners.first?.address }
    }

    /// Stops accepting (each loop closes its listening socket on its next turn); idle connections close at once, in-flight requests are answered with
    /// `Connection: close`, and whatever remains after `grace` is closed.
    package func beginShutdown(grace: Duration) {
        let now = Syscall.monotonicNanoseconds()
        let deadline = now + grace.nanoseconds
        self.probe.recordShutdownRequested(at: now)
        let loops = self.state.withLock { $0.loops }
        for loop in loops {
            loop.requestShutdown(deadline: deadline)
        }
    }

    /// Returns once every loop has stopped (immediately if the server never started or already stopped).
    package func waitUntilStopped() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let isDone = self.state.withLock { state in
                if state.isStopped || state.loops.isEmpty { return true }
                state.waiters.append(continuation)
                return false
            }
            if isDone { continuation.resume() }
        }
    }

    /// Called by each loop thread at exit; the last one closes the listener and wakes the waiters.
    private func loopFinished() {
        let waiters: [CheckedContinuation<Void, Never>] = self.state.withLock { state in
            state.runningLoops -= 1
            guard state.runningLoops == 0 else { return [] }
            for listener in state.listeners { listener.close() }
            state.isStopped = true
            state.loops = []
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
