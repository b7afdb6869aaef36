import CNetShims
import Glibc
import Logging
import Synchronization

/// One epoll loop on its own thread: accepts from its own listener, owns its connections, sweeps
/// their deadlines, and drains them on shutdown.
///
/// `@unchecked Sendable`: it is handed to its thread once; every mutable property is then used only on that
/// thread. The only cross-thread entry point, `requestShutdown(deadline:)`, writes an `Atomic` and an eventfd.
final class EventLoop: @unchecked Sendable {
    private let index: Int
    private let epoll: Int32
    private let wakeFD: Int32
    private let listener: ListeningSocket
    private let configuration: HTTPServerConfiguration
    private let context: LoopContext
    private var connections: [Int32: Connection] = [:]
    /// The listener's connection cap, shared by its loops.
    private let slots: ConnectionSlots
    /// The handshaking connections served after the established ones this turn: at most `handshakesPerTurn`,
    /// kept between turns so the list is not allocated again.
    private var deferredHandshakes: [(connection: Connection, events: UInt32)] = []
    /// Connections whose answers wait to be sent until every ready connection of this turn was served.
    private var pendingFlushes: [Connection] = []
    /// Nanoseconds on the monotonic clock by which to be gone; 0 while running.
    private let shutdownDeadline = Atomic<UInt64>(0)
    private var isShuttingDown = false
    private var isListening = false
    private var lastReloadCheck: UInt64 = 0

    init(
        index: Int,
        listener: ListeningSocket,
        configuration: HTTPServerConfiguration,
        handler: any HTTPRequestHandler,
        observer: any ServerObserver,
        probe: ServerProbe,
        budget: BufferBudget,
        slots: ConnectionSlots,
        logger: Logger
    ) throws(SystemCallError) {
        self.index = index
        self.listener = listener
        self.configuration = configuration
        self.slots = slots
        self.deferredHandshakes.reserveCapacity(Self.handshakesPerTurn)
        self.epoll = try Syscall.epollCreate()
        do {
            self.wakeFD = try Syscall.eventFD()
            try Syscall.epollControl(self.epoll, EPOLL_CTL_ADD, self.wakeFD, events: EPOLLIN.rawValue)
        } catch {
            Syscall.close(self.epoll)
            throw error
        }
        self.context = LoopContext(
            handler: handler,
            observer: observer,
            probe: probe,
            limits: configuration.limits,
            timeouts: configuration.timeouts,
            budget: budget,
            logger: logger
        )
    }

    deinit {
        Syscall.close(self.epoll)
        Syscall.close(self.wakeFD)
    }

    /// Asks the loop (from any thread) to stop accepting and drain by `deadline`.
    func requestShutdown(deadline: UInt64) {
        self.shutdownDeadline.store(max(deadline, 1), ordering: .sequentiallyConsistent)
        Syscall.signalEventFD(self.wakeFD)
    }

    // MARK: - Loop

    /// Runs until shutdown completes; called on the loop's own thread.
    func run() {
        self.setListening(true)
        let capacity = 256
        let events = UnsafeMutableBufferPointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        let sweepInterval = self.configuration.sweepInterval.nanoseconds
        var nextSweep = Syscall.monotonicNanoseconds() + sweepInterval
        while true {
            let now = Syscall.monotonicNanoseconds()
            // Wakes for the next sweep, or for the end of the shutdown grace if that comes first.
            let wake = self.isShuttingDown ? min(nextSweep, self.shutdownDeadline.load(ordering: .sequentiallyConsistent)) : nextSweep
            let timeout = wake > now ? Int32(min((wake - now) / 1_000_000 + 1, 1000)) : 0
            let count: Int
            do {
                count = try Syscall.epollWait(self.epoll, events: events, timeoutMilliseconds: timeout)
            } catch {
                self.context.logger.critical("epoll_wait failed", metadata: ["error": "\(error)"])
                // The loop ends: its connections give their slots back, which the other loops share, and its
                // listening socket closes, or the kernel would go on handing it connections nobody accepts.
                for fd in Array(self.connections.keys) { self.close(fd) }
                self.setListening(false)
                self.listener.close()
                break
            }
            self.context.now = Syscall.monotonicNanoseconds()
            // A shutdown request is taken before this batch is served: a request completed in the same batch is
            // then answered with `Connection: close`, and the listener is closed before anything else is accepted.
            if !self.isShuttingDown, self.shutdownDeadline.load(ordering: .sequentiallyConsistent) != 0 {
                self.beginShutdown()
            }
            // Established connections first, then at most a few handshakes per turn: a burst of new TLS
            // connections (a flood, or every client reconnecting at once) must not make the requests of the
            // connections already open wait behind hundreds of key exchanges. Skipped handshakes stay readable
            // (level-triggered) and are taken on the next turns.
            self.deferredHandshakes.removeAll(keepingCapacity: true)
            for event in events.prefix(count) {
                let fd = event.data.fd
                if fd == self.wakeFD {
                    Syscall.drainEventFD(self.wakeFD)
                } else if fd == self.listener.fd {
                    // Closed once shutting down: the number may already belong to another descriptor.
                    if !self.isShuttingDown { self.acceptConnections() }
                } else if let connection = self.connections[fd] {
                    if connection.isHandshaking {
                        if self.deferredHandshakes.count < Self.handshakesPerTurn {
                            self.deferredHandshakes.append((connection, event.events))
                        }
                    } else {
                        self.serve(connection, events: event.events)
                    }
                }
            }
            for handshake in self.deferredHandshakes {
                self.serve(handshake.connection, events: handshake.events)
            }
            // Answers go out after the whole batch: each send on loopback runs the peer's receive path and wakes
            // it, and the scheduler often switches to it at once. Sending mid-batch would make the loop lose its
            // core (and its caches) once per request (the A/B is in BENCHMARKS.md, "Measured design decisions").
            for connection in self.pendingFlushes where connection.needsFlush {
                self.settle(connection, connection.onWritable(self.context))
            }
            self.pendingFlushes.removeAll(keepingCapacity: true)
            if self.context.now >= nextSweep {
                self.sweep()
                nextSweep = self.context.now + sweepInterval
            }
            if self.isShuttingDown {
                if self.connections.isEmpty { break }
                if self.context.now >= self.shutdownDeadline.load(ordering: .sequentiallyConsistent) {
                    self.context.logger.warning(
                        "shutdown grace period over, closing connections",
                        metadata: ["server": "\(self.configuration.name)", "connections": "\(self.connections.count)"]
                    )
                    for fd in Array(self.connections.keys) { self.close(fd) }
                    break
                }
            }
        }
    }

    /// Handles one connection's epoll event (looked up once, by the caller).
    private func serve(_ connection: Connection, events: UInt32) {
        var outcome = Connection.Outcome.keep
        if events & EPOLLOUT.rawValue != 0 {
            outcome = connection.onWritable(self.context)
        }
        if outcome == .keep, events & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
            outcome = connection.onReadable(self.context, sendingLater: !connection.isHandshaking)
        }
        if outcome == .keep, connection.needsFlush {
            self.pendingFlushes.append(connection)
            return
        }
        self.settle(connection, outcome)
    }

    /// Closes the connection or updates its epoll interest after an event.
    private func settle(_ connection: Connection, _ outcome: Connection.Outcome) {
        guard outcome == .keep else {
            self.close(connection.fd)
            return
        }
        let wanted = connection.wantedEvents
        guard wanted != connection.registeredEvents else { return }
        do {
            try Syscall.epollControl(self.epoll, EPOLL_CTL_MOD, connection.fd, events: wanted)
            connection.registeredEvents = wanted
        } catch {
            self.close(connection.fd)
        }
    }

    // MARK: - Accepting

    /// TLS handshake steps taken per turn of the loop (a few milliseconds of key exchanges at most).
    private static let handshakesPerTurn = 8

    /// Connections accepted per wake-up: bounded, so a connect flood cannot starve the connections already open
    /// (the listener stays readable and the rest are taken on the next turn).
    private static let acceptBatch = 16

    /// Accepts pending connections (a bounded batch, so one loop cannot take them all).
    private func acceptConnections() {
        guard self.isListening else { return }
        for _ in 0..<Self.acceptBatch {
            let fd: Int32
            do {
                guard case .processed(let accepted) = try Syscall.accept(self.listener.fd) else { return }
                fd = accepted
            } catch {
                if error.errno == EMFILE || error.errno == ENFILE || error.errno == ENOBUFS || error.errno == ENOMEM {
                    // Out of descriptors: stop listening until the next sweep instead of spinning.
                    self.context.logger.error("accept failed", metadata: ["error": "\(error)"])
                    self.setListening(false)
                }
                return
            }
            guard self.slots.take() else {
                // Over the cap: refuse this one rather than stop accepting, so the backlog never fills with
                // connections nobody will serve.
                Syscall.close(fd)
                self.context.observer.connectionRefused()
                continue
            }
            self.adopt(fd)
        }
    }

    /// Wraps an accepted descriptor in a connection and registers it.
    private func adopt(_ fd: Int32) {
        try? Syscall.setOption(fd, level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1)
        let connection = Connection(fd: fd, tls: self.configuration.tls, context: self.context)
        do {
            try Syscall.epollControl(self.epoll, EPOLL_CTL_ADD, fd, events: connection.registeredEvents)
        } catch {
            Syscall.close(fd)
            self.slots.give()
            return
        }
        self.connections[fd] = connection
        self.context.observer.connectionOpened()
    }

    /// Adds or removes this loop's listener from its epoll set.
    private func setListening(_ isListening: Bool) {
        guard isListening != self.isListening else { return }
        do {
            if isListening {
                let events = EPOLLIN.rawValue | EPOLLEXCLUSIVE.rawValue
                try Syscall.epollControl(self.epoll, EPOLL_CTL_ADD, self.listener.fd, events: events)
            } else {
                try Syscall.epollControl(self.epoll, EPOLL_CTL_DEL, self.listener.fd, events: 0)
            }
            self.isListening = isListening
        } catch {
            self.context.logger.error("cannot change listener registration", metadata: ["error": "\(error)"])
        }
    }

    // MARK: - Timers and shutdown

    /// Closes timed-out connections, trims idle ones, resumes accepting after a pause, and (loop 0) checks certificates.
    private func sweep() {
        for connection in Array(self.connections.values) {
            if connection.onSweep(self.context) == .close {
                self.close(connection.fd)
            } else {
                connection.trimIfIdle(self.context)
            }
        }
        if !self.isShuttingDown { self.setListening(true) }
        if self.index == 0, let tls = self.configuration.tls,
            self.context.now >= self.lastReloadCheck + self.configuration.reloadInterval.nanoseconds
        {
            self.lastReloadCheck = self.context.now
            switch tls.reloadIfChanged() {
            case .unchanged:
                break
            case .reloaded:
                self.context.probe.recordCertificateReload(rejected: false)
                self.context.logger.info(
                    "reloaded TLS certificate",
                    metadata: ["tls.certificate": "\(tls.configuration.certificateChainPath)"]
                )
            case .rejected(let error):
                self.context.probe.recordCertificateReload(rejected: true)
                self.context.logger.error(
                    "new TLS certificate or key rejected, keeping the previous pair",
                    metadata: ["error": "\(error.reason)"]
                )
            }
        }
    }

    /// Stops accepting and closes the listening socket at once (a client dialling now is refused and tries
    /// another endpoint, instead of completing a handshake into a backlog nobody accepts), closes idle connections
    /// and lets busy ones finish with `Connection: close`.
    private func beginShutdown() {
        self.isShuttingDown = true
        self.setListening(false)
        self.listener.close()
        self.context.probe.recordListenerClosed(at: Syscall.monotonicNanoseconds())
        for connection in Array(self.connections.values) {
            self.settle(connection, connection.onShutdown(self.context))
        }
    }

    /// Closes one connection.
    private func close(_ fd: Int32) {
        guard let connection = self.connections.removeValue(forKey: fd) else { return }
        connection.needsFlush = false
        connection.releaseBudget(self.context)
        Syscall.close(fd)
        self.slots.give()
        self.context.observer.connectionClosed()
    }
}
