import Glibc

/// One outgoing TCP connection, with TLS when given a client `TLSContext`, driven with blocking-style calls that
/// wait in short `poll` slices so deadlines and cancellation are honoured: the API server client's transport and
/// the tests' (`BlockingClient`).
///
/// TLS runs over the same memory-BIO `TLSConnection` the server uses, so a TLS fix is made once. Failures are
/// `TLSError` (handshake, records) or `SystemCallError` (resolving, connecting, reading, writing); a passed deadline
/// is `SystemCallError` with `ETIMEDOUT`, cancellation one with `ECANCELED`, so callers classify by kind.
/// Not `Sendable`: one thread uses a connection at a time.
package final class ClientConnection {
    /// The longest single wait, so a cancellation is seen within this time.
    package static let pollSlice: Duration = .milliseconds(100)
    /// Ciphertext (or plain bytes) read from the socket at a time.
    private static let readSize = 64 * 1024

    private let fd: Int32
    /// The TLS session, nil for plain TCP.
    package let session: TLSConnection?
    private let isCancelled: () -> Bool
    /// Plaintext received but not handed out yet.
    private var pending: [UInt8] = []
    private var isEndOfStream = false
    private var isClosed = false

    private init(fd: Int32, session: TLSConnection?, isCancelled: @escaping () -> Bool) {
        self.fd = fd
        self.session = session
        self.isCancelled = isCancelled
    }

    deinit {
        self.close()
    }

    /// Resolves `host`, connects to the first address that answers, and (with `tls`) completes the handshake,
    /// verifying the certificate for `serverName` (default: `host`; DNS names are also sent as SNI, IP literals
    /// are checked against IP SANs), all within `timeout`.
    package static func connect(
        host: String, port: Int, tls context: TLSContext?, serverName: String? = nil, timeout: Duration,
        isCancelled: @escaping () -> Bool = { false }
    ) throws -> ClientConnection {
        let deadline = ContinuousClock.now + timeout
        let fd = try Self.openSocket(host: host, port: port, deadline: deadline, isCancelled: isCancelled)
        let session: TLSConnection?
        do {
            session = try context.map { try TLSConnection(context: $0, isServer: false, serverName: serverName ?? host) }
        } catch {
            Syscall.close(fd)
            throw error
        }
        let connection = ClientConnection(fd: fd, session: session, isCancelled: isCancelled)
        if let session { try connection.handshake(session, deadline: deadline) }
        return connection
    }

    /// Writes all of `bytes` (encrypted with TLS) within `timeout`.
    package func write(_ bytes: [UInt8], timeout: Duration) throws {
        let deadline = ContinuousClock.now + timeout
        guard let session = self.session else { return try self.sendAll(bytes, deadline: deadline) }
        guard bytes.withUnsafeBytes({ session.write($0) }) else { throw TLSError.record() }
        var wire: [UInt8] = []
        session.takeCiphertext(into: &wire)
        try self.sendAll(wire, deadline: deadline)
    }

    /// Reads what is available into `buffer`, waiting at most `idleTimeout` for the first byte; 0 at the end of
    /// the stream (a close_notify, a FIN, or a reset: the peer is gone either way).
    package func read(into buffer: UnsafeMutableRawBufferPointer, idleTimeout: Duration) throws -> Int {
        let deadline = ContinuousClock.now + idleTimeout
        while self.pending.isEmpty {
            if self.isEndOfStream { return 0 }
            try self.receive(deadline: deadline)
        }
        let count = min(buffer.count, self.pending.count)
        self.pending.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        self.pending.removeFirst(count)
        return count
    }

    /// Closes the socket (without waiting for the peer's close_notify).
    package func close() {
        guard !self.isClosed else { return }
        self.isClosed = true
        Syscall.close(self.fd)
    }

    // MARK: - TLS

    /// Runs the client handshake to completion.
    private func handshake(_ session: TLSConnection, deadline: ContinuousClock.Instant) throws {
        while true {
            let result = session.handshake()
            var wire: [UInt8] = []
            session.takeCiphertext(into: &wire)
            try self.sendAll(wire, deadline: deadline)
            switch result {
            case .complete: return
            case .failed(let error): throw error
            case .incomplete:
                guard try self.readSocket(deadline: deadline, into: { session.receive($0) }) else {
                    throw TLSError.handshake()
                }
            }
        }
    }

    /// Reads from the socket once (waiting until `deadline`) and turns what arrived into plaintext in `pending`.
    private func receive(deadline: ContinuousClock.Instant) throws {
        guard let session = self.session else {
            let isOpen = try self.readSocket(deadline: deadline) { bytes in
                self.pending.append(contentsOf: bytes)
                return true
            }
            if !isOpen { self.isEndOfStream = true }
            return
        }
        let isOpen = try self.readSocket(deadline: deadline) { session.receive($0) }
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.readSize, alignment: 1)
        defer { scratch.deallocate() }
        let result = session.readPlaintext(scratch: scratch) { self.pending.append(contentsOf: $0) }
        // Reading may produce records for the peer (a key update's answer).
        var wire: [UInt8] = []
        session.takeCiphertext(into: &wire)
        try? self.sendAll(wire, deadline: deadline)
        switch result {
        case .failed(let error): throw error
        case .closed: self.isEndOfStream = true
        case .incomplete: if !isOpen { self.isEndOfStream = true }
        }
    }

    /// Waits for bytes and hands them to `sink`; false at the end of the stream (or when `sink` refuses them).
    private func readSocket(
        deadline: ContinuousClock.Instant, into sink: (UnsafeRawBufferPointer) -> Bool
    ) throws -> Bool {
        var buffer = [UInt8](repeating: 0, count: Self.readSize)
        var isFirstAttempt = true
        while true {
            // Bytes are often there already (a body streaming in): read first, wait only when the socket is empty.
            if !isFirstAttempt { try self.wait(for: Int16(POLLIN), deadline: deadline, what: "read") }
            isFirstAttempt = false
            if self.isCancelled() { throw SystemCallError.failed("read", errno: ECANCELED) }
            let result: IOResult<Int>
            do {
                result = try buffer.withUnsafeMutableBytes { (bytes) throws(SystemCallError) in
                    try Syscall.read(self.fd, into: bytes)
                }
            } catch let error as SystemCallError where error.errno == ECONNRESET {
                return false
            }
            guard case .processed(let count) = result else { continue }
            if count == 0 { return false }
            return buffer.withUnsafeBytes { sink(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
    }

    /// Sends all of `bytes`, waiting while the socket is full.
    private func sendAll(_ bytes: [UInt8], deadline: ContinuousClock.Instant) throws {
        var offset = 0
        while offset < bytes.count {
            let result = try bytes.withUnsafeBytes { (raw) throws(SystemCallError) in
                try Syscall.send(self.fd, UnsafeRawBufferPointer(rebasing: raw[offset...]))
            }
            switch result {
            case .processed(let sent): offset += sent
            case .wouldBlock: try self.wait(for: Int16(POLLOUT), deadline: deadline, what: "write")
            }
        }
    }

    // MARK: - Waiting

    /// Waits until the socket is ready for `events`, the deadline passes, or the caller cancels.
    private func wait(for events: Int16, deadline: ContinuousClock.Instant, what: String) throws(SystemCallError) {
        try Self.poll(fd: self.fd, events: events, deadline: deadline, isCancelled: self.isCancelled, what: what)
    }

    /// `poll` in slices of `pollSlice`, checking for cancellation between them.
    private static func poll(
        fd: Int32, events: Int16, deadline: ContinuousClock.Instant, isCancelled: () -> Bool, what: String
    ) throws(SystemCallError) {
        while true {
            if isCancelled() { throw .failed(what, errno: ECANCELED) }
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero { throw .failed(what, errno: ETIMEDOUT) }
            let slice = min(remaining, Self.pollSlice)
            let milliseconds = Int32(max(1, slice.nanoseconds / 1_000_000))
            var descriptor = pollfd(fd: fd, events: events, revents: 0)
            let result = Glibc.poll(&descriptor, 1, milliseconds)
            if result > 0 { return }
            if result < 0 && errno != EINTR { throw .failed("poll") }
        }
    }

    // MARK: - Sockets

    /// Resolves `host` and connects a non-blocking TCP socket (no Nagle delay) to the first address that answers.
    private static func openSocket(
        host: String, port: Int, deadline: ContinuousClock.Instant, isCancelled: () -> Bool
    ) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var results: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &results)
        guard status == 0, let first = results else {
            throw SystemCallError.invalidArgument("cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(first) }
        var lastError = SystemCallError.failed("connect to \(host):\(port): no address", errno: EADDRNOTAVAIL)
        var current: UnsafeMutablePointer<addrinfo>? = first
        while let info = current {
            current = info.pointee.ai_next
            let fd: Int32
            do {
                fd = try Syscall.socket(family: info.pointee.ai_family)
            } catch {
                lastError = error
                continue
            }
            _ = try? Syscall.setOption(fd, level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1)
            if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return fd }
            guard errno == EINPROGRESS || errno == EINTR else {
                lastError = .failed("connect to \(host):\(port)")
                Syscall.close(fd)
                continue
            }
            do {
                try Self.poll(
                    fd: fd, events: Int16(POLLOUT), deadline: deadline, isCancelled: isCancelled,
                    what: "connect to \(host):\(port)")
            } catch {
                Syscall.close(fd)
                throw error
            }
            var socketError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &length)
            if socketError == 0 { return fd }
            lastError = .failed("connect to \(host):\(port)", errno: socketError)
            Syscall.close(fd)
        }
        throw lastError
    }
}
