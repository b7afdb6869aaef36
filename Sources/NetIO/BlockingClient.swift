import Glibc
import HTTP1Codec

/// A minimal blocking HTTP/1.1 client over TLS or plain TCP, with a timeout on every wait.
///
/// For tests and tools (it drives the same `TLSConnection` as the server, in client mode); not for the
/// event loops. Not `Sendable`: one caller at a time.
package final class BlockingClient {
    /// A response as received: status, headers and the `Content-Length` body.
    package struct Response: Sendable {
        package var status: Int
        package var headers: HTTPHeaders
        package var body: [UInt8]

        /// The body as UTF-8 text.
        package var text: String { String(decoding: self.body, as: UTF8.self) }
    }

    private let fd: Int32
    private let tls: TLSConnection?
    private let timeoutMilliseconds: Int32
    /// Plaintext received but not consumed.
    private var received: [UInt8] = []
    private var isEndOfStream = false

    /// Connects (and handshakes, with a TLS context) within `timeout`.
    package init(
        connectingTo address: SocketAddress,
        tls context: TLSContext? = nil,
        serverName: String? = nil,
        timeout: Duration = .seconds(5)
    ) throws {
        self.timeoutMilliseconds = Int32(timeout.nanoseconds / 1_000_000)
        let fd = try Syscall.socket(family: address.family)
        self.fd = fd
        self.tls = try context.map { try TLSConnection(context: $0, isServer: false, serverName: serverName) }
        if case .wouldBlock = try Syscall.connect(fd, to: address) {
            try self.wait(for: Int16(POLLOUT))
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            guard error == 0 else { throw SystemCallError.failed("connect \(address)", errno: error) }
        }
        if let tls = self.tls {
            try self.handshake(tls)
        }
    }

    deinit {
        Syscall.close(self.fd)
    }

    /// The TLS session, for inspecting the negotiated version and ALPN.
    package var session: TLSConnection? { self.tls }

    /// Sends bytes (encrypted with TLS), waiting while the socket is full.
    package func send(_ bytes: [UInt8]) throws {
        var wire: [UInt8] = []
        if let tls = self.tls {
            _ = bytes.withUnsafeBytes { tls.write($0) }
            tls.takeCiphertext(into: &wire)
        } else {
            wire = bytes
        }
        try self.sendRaw(wire)
    }

    /// Sends text as UTF-8.
    package func send(_ text: String) throws {
        try self.send(Array(text.utf8))
    }

    /// Reads one response (an interim 100 Continue comes back as its own response).
    package func readResponse() throws -> Response {
        var headEnd: Int?
        while true {
            headEnd = Self.find([0x0D, 0x0A, 0x0D, 0x0A], in: self.received)
            if headEnd != nil { break }
            guard try self.receiveMore() else { throw SystemCallError.failed("response head", errno: ECONNRESET) }
        }
        let end = headEnd ?? 0
        let head = String(decoding: self.received[0..<end], as: UTF8.self)
        self.received.removeFirst(end + 4)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false).makeIterator()
        let statusLine = lines.next() ?? ""
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else {
            throw SystemCallError.invalidArgument("status line '\(statusLine)'")
        }
        var headers = HTTPHeaders()
        while let line = lines.next(), let colon = line.firstIndex(of: ":") {
            headers.add(
                name: String(line[..<colon]),
                value: String(line[line.index(after: colon)...].drop { $0 == " " })
            )
        }
        let length = Int(headers["Content-Length"] ?? "0") ?? 0
        while self.received.count < length {
            guard try self.receiveMore() else { throw SystemCallError.failed("response body", errno: ECONNRESET) }
        }
        let body = Array(self.received[0..<length])
        self.received.removeFirst(length)
        return Response(status: status, headers: headers, body: body)
    }

    /// Waits until the server closes the connection; true if it did within the timeout with no more data.
    package func isClosedByPeer() -> Bool {
        do {
            while try self.receiveMore() {}
            return self.received.isEmpty
        } catch {
            return error is SystemCallError && (error as? SystemCallError)?.errno != ETIMEDOUT
        }
    }

    // MARK: - Plumbing

    /// Runs the client handshake to completion.
    private func handshake(_ tls: TLSConnection) throws {
        while true {
            let result = tls.handshake()
            var wire: [UInt8] = []
            tls.takeCiphertext(into: &wire)
            try self.sendRaw(wire)
            switch result {
            case .complete: return
            case .failed(let error): throw error
            case .incomplete:
                guard try self.readSocket(into: tls) else { throw TLSError.handshake() }
            }
        }
    }

    /// Reads more plaintext into `received`; false at end of stream.
    private func receiveMore() throws -> Bool {
        guard !self.isEndOfStream else { return false }
        guard let tls = self.tls else {
            var buffer = [UInt8](repeating: 0, count: 16384)
            try self.wait(for: Int16(POLLIN))
            let count = try buffer.withUnsafeMutableBytes { (bytes) throws(SystemCallError) in
                try Syscall.read(self.fd, into: bytes)
            }
            guard case .processed(let read) = count else { return true }
            if read == 0 { self.isEndOfStream = true }
            self.received.append(contentsOf: buffer[0..<read])
            return read > 0
        }
        let before = self.received.count
        while self.received.count == before {
            let isOpen = try self.readSocket(into: tls)
            let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 16384, alignment: 1)
            defer { scratch.deallocate() }
            let result = tls.readPlaintext(scratch: scratch) { self.received.append(contentsOf: $0) }
            var wire: [UInt8] = []
            tls.takeCiphertext(into: &wire)
            try? self.sendRaw(wire)
            if case .failed(let error) = result { throw error }
            if result == .closed || !isOpen {
                self.isEndOfStream = true
                return self.received.count > before
            }
        }
        return true
    }

    /// Reads ciphertext from the socket into the TLS session; false at end of stream (or when the session
    /// cannot hold more).
    private func readSocket(into tls: TLSConnection) throws -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            try self.wait(for: Int16(POLLIN))
            let result = try buffer.withUnsafeMutableBytes { (bytes) throws(SystemCallError) in
                try Syscall.read(self.fd, into: bytes)
            }
            guard case .processed(let count) = result else { continue }
            if count == 0 { return false }
            return buffer.withUnsafeBytes { tls.receive(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
    }

    /// Writes all bytes to the socket.
    private func sendRaw(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let result = try bytes.withUnsafeBytes { (raw) throws(SystemCallError) in
                try Syscall.send(self.fd, UnsafeRawBufferPointer(rebasing: raw[offset...]))
            }
            switch result {
            case .processed(let sent): offset += sent
            case .wouldBlock: try self.wait(for: Int16(POLLOUT))
            }
        }
    }

    /// poll(2) for one direction, failing with ETIMEDOUT after the timeout.
    private func wait(for events: Int16) throws(SystemCallError) {
        var descriptor = pollfd(fd: self.fd, events: events, revents: 0)
        while true {
            let result = poll(&descriptor, 1, self.timeoutMilliseconds)
            if result > 0 { return }
            if result == 0 { throw .failed("poll", errno: ETIMEDOUT) }
            if errno != EINTR { throw .failed("poll") }
        }
    }

    /// The index of `needle` in `haystack`.
    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for index in 0...(haystack.count - needle.count) where haystack[index..<(index + needle.count)].elementsEqual(needle) {
            return index
        }
        return nil
    }
}
