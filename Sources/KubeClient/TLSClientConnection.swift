import COpenSSL

#if canImport(Glibc)
import Glibc
#endif

/// One TLS connection to the API server, used by one thread at a time, with blocking-style calls that wait in
/// short `poll` slices so timeouts and shutdown are honoured.
///
/// The socket is non-blocking; OpenSSL's socket BIO reads and writes it, and WANT_READ/WANT_WRITE become a wait
/// for that direction. Not Sendable: each connection belongs to one `APIServerSession`, on one reflector thread.
final class TLSClientConnection {
    /// The longest single wait, so a raised `StopSignal` is seen within this time.
    static let pollSlice: Duration = .milliseconds(100)

    private let fd: Int32
    private let ssl: OpaquePointer
    private var isClosed = false

    private init(fd: Int32, ssl: OpaquePointer) {
        self.fd = fd
        self.ssl = ssl
    }

    deinit {
        self.close()
    }

    /// Connects to `host:port`, then performs the TLS handshake, verifying the certificate against the context's
    /// trust anchors and the name (DNS names are also sent as SNI; IP literals are checked against IP SANs).
    static func connect(
        host: String, port: Int, serverName: String?, context: TLSClientContext, timeout: Duration,
        stop: StopSignal
    ) throws(KubeClientError) -> TLSClientConnection {
        let deadline = ContinuousClock.now + timeout
        let fd = try Self.openSocket(host: host, port: port, deadline: deadline, stop: stop)
        guard let ssl = SSL_new(context.context) else {
            Glibc.close(fd)
            throw .tls("SSL_new failed: \(TLSClientContext.openSSLErrors())")
        }
        let connection = TLSClientConnection(fd: fd, ssl: ssl)
        SSL_set_fd(ssl, fd)
        let name = serverName ?? host
        if context.verifiesPeer {
            if Self.isIPAddress(name) {
                X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name)
            } else {
                SSL_set1_host(ssl, name)
            }
        }
        if !Self.isIPAddress(name) {
            _ = cossl_set_tlsext_host_name(ssl, name)
        }
        while true {
            ERR_clear_error()
            let result = SSL_connect(ssl)
            if result == 1 { return connection }
            let error = SSL_get_error(ssl, result)
            switch error {
            case SSL_ERROR_WANT_READ:
                try connection.wait(events: Int16(POLLIN), deadline: deadline, stop: stop, what: "TLS handshake")
            case SSL_ERROR_WANT_WRITE:
                try connection.wait(events: Int16(POLLOUT), deadline: deadline, stop: stop, what: "TLS handshake")
            default:
                let verify = SSL_get_verify_result(ssl)
                let detail =
                    verify != X509_V_OK
                    ? String(cString: X509_verify_cert_error_string(verify)) : TLSClientContext.openSSLErrors()
                throw .tls("TLS handshake with \(host):\(port) failed: \(detail)")
            }
        }
    }

    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8], timeout: Duration, stop: StopSignal) throws(KubeClientError) {
        let deadline = ContinuousClock.now + timeout
        var offset = 0
        while offset < bytes.count {
            ERR_clear_error()
            let written = bytes.withUnsafeBytes { buffer in
                SSL_write(self.ssl, buffer.baseAddress.map { $0 + offset }, Int32(buffer.count - offset))
            }
            if written > 0 {
                offset += Int(written)
                continue
            }
            switch SSL_get_error(self.ssl, written) {
            case SSL_ERROR_WANT_READ:
                try self.wait(events: Int16(POLLIN), deadline: deadline, stop: stop, what: "write")
            case SSL_ERROR_WANT_WRITE:
                try self.wait(events: Int16(POLLOUT), deadline: deadline, stop: stop, what: "write")
            default:
                throw .connection("write failed: \(TLSClientContext.openSSLErrors())")
            }
        }
    }

    /// Reads what is available into `buffer`, waiting at most `idleTimeout` for the first byte; 0 at end of stream.
    func read(into buffer: UnsafeMutableRawBufferPointer, idleTimeout: Duration, stop: StopSignal) throws(KubeClientError) -> Int {
        let deadline = ContinuousClock.now + idleTimeout
        while true {
            ERR_clear_error()
            let count = SSL_read(self.ssl, buffer.baseAddress, Int32(buffer.count))
            if count > 0 { return Int(count) }
            switch SSL_get_error(self.ssl, count) {
            case SSL_ERROR_WANT_READ:
                try self.wait(events: Int16(POLLIN), deadline: deadline, stop: stop, what: "read")
            case SSL_ERROR_WANT_WRITE:
                try self.wait(events: Int16(POLLOUT), deadline: deadline, stop: stop, what: "read")
            case SSL_ERROR_ZERO_RETURN:
                return 0
            case SSL_ERROR_SYSCALL where errno == 0 || errno == ECONNRESET || errno == EPIPE:
                return 0
            default:
                throw .connection("read failed: \(TLSClientContext.openSSLErrors())")
            }
        }
    }

    /// Closes the socket (without waiting for the peer's close_notify).
    func close() {
        guard !self.isClosed else { return }
        self.isClosed = true
        SSL_free(self.ssl)
        Glibc.close(self.fd)
    }

    // MARK: - Waiting

    /// Waits until the socket is ready for `events`, the deadline passes, or the service stops.
    private func wait(events: Int16, deadline: ContinuousClock.Instant, stop: StopSignal, what: String) throws(KubeClientError) {
        try Self.poll(fd: self.fd, events: events, deadline: deadline, stop: stop, what: what)
    }

    /// `poll` in slices of `pollSlice`, checking the stop signal between them.
    private static func poll(
        fd: Int32, events: Int16, deadline: ContinuousClock.Instant, stop: StopSignal, what: String
    ) throws(KubeClientError) {
        while true {
            if stop.isStopped { throw .cancelled() }
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero { throw .timeout("\(what) timed out") }
            let slice = min(remaining, Self.pollSlice)
            let milliseconds = Int32(max(1, slice.components.seconds * 1000 + slice.components.attoseconds / 1_000_000_000_000_000))
            var descriptor = pollfd(fd: fd, events: events, revents: 0)
            let result = Glibc.poll(&descriptor, 1, milliseconds)
            if result > 0 { return }
            if result < 0 && errno != EINTR { throw .connection("poll failed: \(LocalFile.errnoText())") }
        }
    }

    // MARK: - Sockets

    /// Resolves `host` and connects a non-blocking TCP socket to the first address that answers.
    private static func openSocket(
        host: String, port: Int, deadline: ContinuousClock.Instant, stop: StopSignal
    ) throws(KubeClientError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var results: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &results)
        guard status == 0, let first = results else {
            throw .connection("cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(first) }
        var lastError = "no address"
        var current: UnsafeMutablePointer<addrinfo>? = first
        while let info = current {
            current = info.pointee.ai_next
            let fd = socket(
                info.pointee.ai_family,
                Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue),
                0)
            if fd < 0 {
                lastError = LocalFile.errnoText()
                continue
            }
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return fd }
            guard errno == EINPROGRESS else {
                lastError = LocalFile.errnoText()
                Glibc.close(fd)
                continue
            }
            do {
                try Self.poll(fd: fd, events: Int16(POLLOUT), deadline: deadline, stop: stop, what: "connect to \(host)")
            } catch {
                Glibc.close(fd)
                throw error
            }
            var socketError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &length)
            if socketError == 0 { return fd }
            lastError = String(cString: strerror(socketError))
            Glibc.close(fd)
        }
        throw .connection("cannot connect to \(host):\(port): \(lastError)")
    }

    /// True for IPv4 and IPv6 literals, which must not be sent as SNI.
    static func isIPAddress(_ name: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, name, &v4) == 1 || inet_pton(AF_INET6, name, &v6) == 1
    }
}
