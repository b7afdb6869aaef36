import HTTP1Codec

/// Answers one parsed request; called on the event-loop thread that owns the connection, so it must be
/// quick and must not block (the whole loop waits for it).
package protocol HTTPRequestHandler: Sendable {
    /// The response to send for `request`.
    func handle(_ request: HTTPRequest) -> HTTPResponse
}

/// Hears about connection-level events, for metrics; called on event-loop threads.
package protocol ServerObserver: Sendable {
    /// A connection was accepted.
    func connectionOpened()
    /// A connection was closed, for any reason.
    func connectionClosed()
    /// A TLS handshake failed (wrong version, no shared cipher, bad client certificate, garbage).
    func tlsHandshakeFailed()
    /// A connection was refused because the listener holds as many as it may.
    func connectionRefused()
    /// A connection was closed because the request bytes it held would pass the listener's budget.
    func bufferBudgetExceeded()
    /// A request's head or body did not arrive within its deadline: answered 408 and closed.
    func requestTimedOut()
}

extension ServerObserver {
    package func connectionRefused() {}
    package func bufferBudgetExceeded() {}
    package func requestTimedOut() {}
}

/// An observer that ignores everything.
package struct NoServerObserver: ServerObserver {
    package init() {}
    package func connectionOpened() {}
    package func connectionClosed() {}
    package func tlsHandshakeFailed() {}
}
