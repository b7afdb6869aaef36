/// Timeouts that stop slow or silent clients from holding a connection (slowloris).
package struct ConnectionTimeouts: Sendable, Hashable {
    /// From the first byte of a request (or from accept, for the TLS handshake) to the end of its head.
    package var head: Duration
    /// Longest pause in receiving a body, or in the client reading our response.
    package var bodyProgress: Duration
    /// From the first byte of a request to its last (head and body together), however steadily the bytes come:
    /// a client trickling a byte at a time cannot hold its connection past it.
    package var request: Duration
    /// How long a keep-alive connection may sit between requests; above kube-apiserver's 90 s, so the
    /// server never closes a connection the API server is about to reuse.
    package var idle: Duration
    /// How long to keep reading (and discarding) after answering an error, so the client sees the answer
    /// instead of a reset.
    package var linger: Duration

    package init(
        head: Duration = .seconds(10),
        bodyProgress: Duration = .seconds(10),
        request: Duration = ConnectionTimeouts.defaultRequest,
        idle: Duration = .seconds(120),
        linger: Duration = .seconds(2)
    ) {
        self.head = head
        self.bodyProgress = bodyProgress
        self.request = request
        self.idle = idle
        self.linger = linger
    }

    /// The whole-request deadline by default: kube-apiserver gives a webhook at most 30 s and 10 s unless told
    /// otherwise, so a request still arriving after that has no one waiting for its answer.
    package static let defaultRequest: Duration = .seconds(10)
}

/// The life of one connection as a pure state machine: events in, actions out, deadlines in nanoseconds of
/// a monotonic clock passed by the caller (hummingbird `HTTPConnectionStateHandler.StateMachine`).
package struct ConnectionStateMachine: Sendable {
    /// Where the connection is.
    package enum Phase: Sendable, Hashable {
        case handshaking
        /// Between requests, nothing buffered.
        case idle
        case readingHead
        case readingBody
        /// A response is queued and the socket has not taken all of it.
        case writing
        /// Answered and write side shut; discarding input until the peer closes or `linger` passes.
        case lingering
    }

    /// How far the parser is in the current request.
    package enum RequestProgress: Sendable, Hashable {
        case idle
        case head
        case body
    }

    /// What to do after a response was queued.
    package enum ResponseAction: Sendable, Hashable {
        /// Keep the connection open for the next request.
        case keepAlive
        /// Send the response with `Connection: close`, then close.
        case closeAfterWrite
    }

    /// What to do when the socket has taken every queued byte.
    package enum WriteAction: Sendable, Hashable {
        case doNothing
        /// Shut the write side and linger, reading until the peer closes.
        case shutdownWriteAndLinger
    }

    /// What to do when the sweep finds the connection.
    package enum TimeoutAction: Sendable, Hashable {
        case doNothing
        /// No request is under way (or its answer is not being read): close without a word.
        case close
        /// A request's head or body is late: answer 408 with `Connection: close`, then close.
        case answerRequestTimeout
    }

    /// What to do when the server begins shutting down.
    package enum ShutdownAction: Sendable, Hashable {
        /// Nothing in flight: close now.
        case close
        /// A request is in flight: finish it and answer with `Connection: close`.
        case drain
    }

    package let timeouts: ConnectionTimeouts
    package private(set) var phase: Phase
    /// When the connection times out in its current phase.
    package private(set) var deadline: UInt64
    /// Set once the connection must close after its current response.
    package private(set) var isClosing = false
    /// When the request being read must be complete (`timeouts.request` after its first byte); nil between
    /// requests.
    package private(set) var requestDeadline: UInt64?

    /// A connection accepted at `now`; TLS connections start with the handshake, under the head timeout.
    package init(timeouts: ConnectionTimeouts, isTLS: Bool, now: UInt64) {
        self.timeouts = timeouts
        self.phase = isTLS ? .handshaking : .idle
        self.deadline = now + (isTLS ? timeouts.head : timeouts.idle).nanoseconds
    }

    /// The TLS handshake finished.
    package mutating func handshakeFinished(now: UInt64) {
        guard self.phase == .handshaking else { return }
        self.phase = .idle
        self.deadline = now + self.timeouts.idle.nanoseconds
    }

    /// Bytes were read and the parser consumed what it could; `progress` is where it stands now.
    package mutating func bytesRead(now: UInt64, progress: RequestProgress) {
        switch (self.phase, progress) {
        case (.handshaking, _), (.writing, _), (.lingering, _):
            return
        case (.idle, .idle), (.readingHead, .idle), (.readingBody, .idle):
            self.phase = .idle
            self.requestDeadline = nil
            self.deadline = now + self.timeouts.idle.nanoseconds
        case (.idle, .head), (.readingBody, .head):
            // A new request begins (after the previous one was answered, or pipelined behind it).
            self.startRequest(now: now, phase: .readingHead)
        case (.readingHead, .head):
            // The head deadline runs from its first byte: trickling bytes must not extend it.
            return
        case (.idle, .body):
            self.startRequest(now: now, phase: .readingBody)
        case (.readingHead, .body), (.readingBody, .body):
            self.phase = .readingBody
            self.deadline = self.withinRequest(now + self.timeouts.bodyProgress.nanoseconds)
        }
    }

    /// A request's first bytes arrived at `now`: its whole-request deadline starts.
    private mutating func startRequest(now: UInt64, phase: Phase) {
        self.phase = phase
        self.requestDeadline = now + self.timeouts.request.nanoseconds
        let timeout = phase == .readingHead ? self.timeouts.head : self.timeouts.bodyProgress
        self.deadline = self.withinRequest(now + timeout.nanoseconds)
    }

    /// `deadline`, or the request's own deadline when that comes first.
    private func withinRequest(_ deadline: UInt64) -> UInt64 {
        min(deadline, self.requestDeadline ?? .max)
    }

    /// A response was queued for a request that asked for keep-alive or not.
    package mutating func responseQueued(now: UInt64, isKeepAliveRequested: Bool) -> ResponseAction {
        self.phase = .writing
        self.requestDeadline = nil
        self.deadline = now + self.timeouts.bodyProgress.nanoseconds
        if !isKeepAliveRequested { self.isClosing = true }
        return self.isClosing ? .closeAfterWrite : .keepAlive
    }

    /// The socket took some of the queued bytes; `isDrained` when none remain.
    package mutating func bytesWritten(now: UInt64, isDrained: Bool, progress: RequestProgress) -> WriteAction {
        guard self.phase == .writing else { return .doNothing }
        guard isDrained else {
            self.deadline = now + self.timeouts.bodyProgress.nanoseconds
            return .doNothing
        }
        if self.isClosing {
            self.phase = .lingering
            self.deadline = now + self.timeouts.linger.nanoseconds
            return .shutdownWriteAndLinger
        }
        switch progress {
        case .idle:
            self.phase = .idle
            self.deadline = now + self.timeouts.idle.nanoseconds
        case .head: self.startRequest(now: now, phase: .readingHead)
        case .body: self.startRequest(now: now, phase: .readingBody)
        }
        return .doNothing
    }

    /// The periodic sweep looked at this connection.
    package func timerFired(now: UInt64) -> TimeoutAction {
        guard now >= self.deadline else { return .doNothing }
        switch self.phase {
        case .readingHead, .readingBody: return .answerRequestTimeout
        case .handshaking, .idle, .writing, .lingering: return .close
        }
    }

    /// The server is shutting down: idle connections close, busy ones finish their request and close.
    package mutating func shutdownRequested() -> ShutdownAction {
        self.isClosing = true
        switch self.phase {
        case .handshaking, .idle, .lingering: return .close
        case .readingHead, .readingBody, .writing: return .drain
        }
    }
}

extension Duration {
    /// Whole nanoseconds, clamped at zero.
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = self.components
        guard seconds >= 0 else { return 0 }
        return UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }
}
