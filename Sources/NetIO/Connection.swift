import CNetShims
import HTTP1Codec
import Logging

/// One accepted socket: moves bytes between the fd, TLS and the parser, and carries out the actions of
/// its `ConnectionStateMachine`.
///
/// Not `Sendable`: created, used and closed on the event loop that accepted it.
final class Connection {
    /// Whether the loop keeps the connection or closes it.
    enum Outcome {
        case keep
        case close
    }

    let fd: Int32
    /// The TLS session, made on the first byte received (an idle or flooding connection costs none).
    private var tls: TLSConnection?
    /// Where the TLS session comes from; nil for plain HTTP.
    private let tlsContext: ReloadingTLSContext?
    private var parser: HTTPRequestParser
    /// Bytes of the listener's budget this connection holds (what its parser held after the last read).
    private var budgeted = 0
    private(set) var machine: ConnectionStateMachine
    /// Bytes for the socket (ciphertext with TLS) and how many of them were sent.
    private var outbound: [UInt8] = []
    private var outboundOffset = 0
    private var isPeerClosed = false
    /// Set when `onReadable` queued output and left the sending to the loop (`sendingLater`); cleared by the
    /// send, or when the loop closes the connection first.
    var needsFlush = false
    /// Set once idle buffers were released; cleared by the next read.
    private var isTrimmed = false
    /// The epoll events currently registered for the fd.
    var registeredEvents: UInt32

    init(fd: Int32, tls: ReloadingTLSContext?, context: LoopContext) {
        self.fd = fd
        self.tlsContext = tls
        self.parser = HTTPRequestParser(limits: context.limits)
        self.machine = ConnectionStateMachine(timeouts: context.timeouts, isTLS: tls != nil, now: context.now)
        self.registeredEvents = EPOLLIN.rawValue
    }

    /// The epoll events the connection needs: writable while output is pending (reading pauses, which is
    /// the back-pressure), readable otherwise.
    var wantedEvents: UInt32 {
        self.outboundOffset < self.outbound.count ? EPOLLOUT.rawValue : EPOLLIN.rawValue
    }

    /// True while a TLS handshake is under way: its next step may cost a key exchange.
    var isHandshaking: Bool { self.machine.phase == .handshaking }

    /// Where the parser stands, for the state machine.
    private var progress: ConnectionStateMachine.RequestProgress {
        self.parser.isReadingBody ? .body : (self.parser.isIdle ? .idle : .head)
    }

    // MARK: - Events

    /// The socket is readable (or hung up): read once, decrypt, parse, answer, and flush, unless `sendingLater`:
    /// then queued output waits for the loop's `onWritable` call after the rest of its batch (`needsFlush`).
    func onReadable(_ context: LoopContext, sendingLater: Bool) -> Outcome {
        let count: Int
        do {
            switch try Syscall.read(self.fd, into: context.readBuffer) {
            case .wouldBlock: return .keep
            case .processed(let read): count = read
            }
        } catch {
            return .close
        }
        if count == 0 { self.isPeerClosed = true }
        self.isTrimmed = false
        let received = UnsafeRawBufferPointer(rebasing: context.readBuffer[0..<count])
        if self.machine.phase == .lingering {
            return self.isPeerClosed ? .close : .keep
        }
        if let tlsContext = self.tlsContext {
            guard let session = self.tls ?? self.makeSession(tlsContext, context),
                self.receiveTLS(received, tls: session, context: context)
            else { return .close }
        } else {
            self.parser.append(received)
        }
        self.processRequests(context)
        if self.progress != .idle { context.probe.recordPartialRequestRead() }
        guard self.accountBudget(context) else {
            context.observer.bufferBudgetExceeded()
            return .close
        }
        if sendingLater, self.outboundOffset < self.outbound.count, !self.isPeerClosed {
            self.machine.bytesRead(now: context.now, progress: self.progress)
            self.needsFlush = true
            return .keep
        }
        let outcome = self.flush(context)
        self.machine.bytesRead(now: context.now, progress: self.progress)
        if self.isPeerClosed, self.outboundOffset >= self.outbound.count { return .close }
        return outcome
    }

    /// Brings this connection's share of the listener's byte budget in line with what its parser holds; false
    /// when the budget cannot cover it.
    private func accountBudget(_ context: LoopContext) -> Bool {
        let held = self.parser.heldByteCount
        if held > self.budgeted {
            guard context.budget.reserve(held - self.budgeted) else { return false }
        } else if held < self.budgeted {
            context.budget.release(self.budgeted - held)
        }
        self.budgeted = held
        return true
    }

    /// Returns this connection's share of the byte budget (it is closing).
    func releaseBudget(_ context: LoopContext) {
        context.budget.release(self.budgeted)
        self.budgeted = 0
    }

    /// The socket is writable again: send what is queued.
    func onWritable(_ context: LoopContext) -> Outcome {
        self.needsFlush = false
        let outcome = self.flush(context)
        if self.isPeerClosed, self.outboundOffset >= self.outbound.count { return .close }
        return outcome
    }

    /// The sweep checks the deadline of the current phase: a late request is answered 408 and the connection
    /// closes once the answer is out (or its linger ends); anything else late is closed at once.
    func onSweep(_ context: LoopContext) -> Outcome {
        switch self.machine.timerFired(now: context.now) {
        case .doNothing:
            return .keep
        case .close:
            return .close
        case .answerRequestTimeout:
            context.observer.requestTimedOut()
            _ = self.machine.responseQueued(now: context.now, isKeepAliveRequested: false)
            self.queue(HTTPResponse.text(408, HTTPResponseSerializer.reasonPhrase(408)), isKeepAlive: false, context)
            return self.flush(context)
        }
    }

    /// Releases the buffers of a connection at rest (TLS buffers, input and output buffers), so idle keep-alive
    /// connections cost little; done from the sweep so busy connections keep reusing theirs.
    /// What the parser no longer holds goes back to the listener's byte budget.
    func trimIfIdle(_ context: LoopContext) {
        guard !self.isTrimmed, self.machine.phase == .idle, self.parser.isIdle, self.outbound.isEmpty else { return }
        self.tls?.releaseBuffers()
        self.parser.releaseBuffer()
        _ = self.accountBudget(context)  // only releases: the parser holds less than before
        self.outbound = []
        self.isTrimmed = true
    }

    /// The server is shutting down: close now when idle, else finish the request with `Connection: close`.
    func onShutdown(_ context: LoopContext) -> Outcome {
        self.machine.shutdownRequested() == .close ? .close : .keep
    }

    // MARK: - TLS

    /// Makes the connection's TLS session, on its first byte; nil (logged) when OpenSSL cannot.
    private func makeSession(_ tlsContext: ReloadingTLSContext, _ context: LoopContext) -> TLSConnection? {
        do {
            let session = try TLSConnection(context: tlsContext.current)
            self.tls = session
            return session
        } catch {
            context.logger.error("cannot create a TLS session", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Lends ciphertext to OpenSSL (the loop's read buffer, valid until the next read), finishes the handshake
    /// if needed and moves plaintext to the parser; false when the connection must close.
    private func receiveTLS(_ ciphertext: UnsafeRawBufferPointer, tls: TLSConnection, context: LoopContext) -> Bool {
        tls.lending(ciphertext) { self.decrypt(tls: tls, context: context) } ?? false
    }

    /// Finishes the handshake if needed and moves plaintext to the parser; false when the connection must close.
    private func decrypt(tls: TLSConnection, context: LoopContext) -> Bool {
        if !tls.isHandshakeComplete {
            switch tls.handshake() {
            case .complete:
                self.machine.handshakeFinished(now: context.now)
            case .incomplete:
                tls.takeCiphertext(into: &self.outbound)
                return !self.isPeerClosed
            case .failed(let error):
                context.observer.tlsHandshakeFailed()
                context.logger.debug("TLS handshake failed", metadata: ["tls.error": "\(error.reason)"])
                // Best effort: send the alert so the client learns why.
                tls.takeCiphertext(into: &self.outbound)
                _ = self.flush(context)
                return false
            }
        }
        let result = tls.readPlaintext(scratch: context.plaintextBuffer) { self.parser.append($0) }
        tls.takeCiphertext(into: &self.outbound)
        switch result {
        case .incomplete:
            return true
        case .closed:
            self.isPeerClosed = true
            return true
        case .failed(let error):
            context.logger.debug("TLS record error", metadata: ["tls.error": "\(error.reason)"])
            return false
        }
    }

    // MARK: - HTTP

    /// Answers every complete request in the parser, in order (pipelining), until one closes the connection.
    private func processRequests(_ context: LoopContext) {
        while !(self.machine.isClosing && self.machine.phase == .writing) {
            let event: HTTPParseEvent?
            do {
                event = try self.parser.next()
            } catch {
                context.logger.debug("malformed request", metadata: ["http.error": "\(error.reason)"])
                let response = HTTPResponse.text(error.status, HTTPResponseSerializer.reasonPhrase(error.status))
                _ = self.machine.responseQueued(now: context.now, isKeepAliveRequested: false)
                self.queue(response, isKeepAlive: false, context)
                return
            }
            guard let event else { return }
            switch event {
            case .sendContinue:
                self.queueBytes(HTTPResponseSerializer.continueResponse)
            case .request(let request):
                let response = context.handler.handle(request)
                let action = self.machine.responseQueued(now: context.now, isKeepAliveRequested: request.isKeepAlive)
                self.queue(response, isKeepAlive: action == .keepAlive, omittingBody: request.method == "HEAD", context)
                if action == .closeAfterWrite { return }
            }
        }
    }

    /// Serializes a response into the loop's buffer and queues it; a closing response also queues the TLS
    /// close_notify. The answer to a HEAD request has the head of the response only.
    private func queue(_ response: HTTPResponse, isKeepAlive: Bool, omittingBody: Bool = false, _ context: LoopContext) {
        context.responseBuffer.removeAll(keepingCapacity: context.responseBuffer.capacity <= 1 << 20)
        HTTPResponseSerializer.write(
            response, isKeepAlive: isKeepAlive, omittingBody: omittingBody, into: &context.responseBuffer)
        self.queueBytes(context.responseBuffer)
        if !isKeepAlive, let tls = self.tls {
            tls.close()
            tls.takeCiphertext(into: &self.outbound)
        }
    }

    /// Queues plaintext: encrypted with TLS, as is without.
    private func queueBytes(_ bytes: [UInt8]) {
        if let tls = self.tls {
            _ = bytes.withUnsafeBytes { tls.write($0) }
            tls.takeCiphertext(into: &self.outbound)
        } else if self.tlsContext == nil {
            self.outbound.append(contentsOf: bytes)
        }
        // A TLS connection without a session has sent nothing: there is no one to answer in plaintext.
    }

    // MARK: - Writing

    /// Sends queued bytes until the socket would block; reports progress to the state machine.
    private func flush(_ context: LoopContext) -> Outcome {
        guard self.outboundOffset < self.outbound.count else { return .keep }
        var isProgress = false
        while self.outboundOffset < self.outbound.count {
            let result: IOResult<Int>
            do {
                result = try self.outbound.withUnsafeBytes { (bytes) throws(SystemCallError) in
                    try Syscall.send(self.fd, UnsafeRawBufferPointer(rebasing: bytes[self.outboundOffset...]))
                }
            } catch {
                return .close
            }
            guard case .processed(let sent) = result else { break }
            self.outboundOffset += sent
            isProgress = true
        }
        let isDrained = self.outboundOffset >= self.outbound.count
        if isDrained {
            // Idle connections keep no buffer; busy ones reuse a small one.
            self.outbound.removeAll(keepingCapacity: self.outbound.capacity <= 16 * 1024)
            self.outboundOffset = 0
        }
        if isProgress || isDrained {
            let action = self.machine.bytesWritten(now: context.now, isDrained: isDrained, progress: self.progress)
            if action == .shutdownWriteAndLinger {
                Syscall.shutdownWrite(self.fd)
            }
        }
        return .keep
    }
}
