import Glibc
import HTTP1Codec

/// A blocking HTTP/1.1 client over TLS or plain TCP, with a timeout on every wait: the product's own client code
/// (`ClientConnection` for the transport, `HTTPResponseParser` for framing, chunked included), for tests and tools.
///
/// Not for the event loops. Not `Sendable`: one caller at a time.
package final class BlockingClient {
    /// A response as received: status, headers and the whole body.
    package struct Response: Sendable {
        package var status: Int
        package var headers: HTTPHeaders
        package var body: [UInt8]

        /// The body as UTF-8 text.
        package var text: String { String(decoding: self.body, as: UTF8.self) }
    }

    private let connection: ClientConnection
    private let timeout: Duration
    /// Interim responses are reported, so a test sees the `100 Continue` it asked for.
    private var parser = HTTPResponseParser(reportsInterimResponses: true)
    /// Events parsed but not consumed by `readResponse()` yet.
    private var events: [HTTPResponseParser.Event] = []

    /// Connects (and handshakes, with a TLS context) within `timeout`.
    package init(
        connectingTo address: SocketAddress,
        tls context: TLSContext? = nil,
        serverName: String? = nil,
        timeout: Duration = .seconds(5)
    ) throws {
        self.timeout = timeout
        self.connection = try ClientConnection.connect(
            host: address.host, port: address.port, tls: context, serverName: serverName, timeout: timeout)
    }

    /// The TLS session, for inspecting the negotiated version and ALPN.
    package var session: TLSConnection? { self.connection.session }

    /// Sends bytes (encrypted with TLS), waiting while the socket is full.
    package func send(_ bytes: [UInt8]) throws {
        try self.connection.write(bytes, timeout: self.timeout)
    }

    /// Sends text as UTF-8.
    package func send(_ text: String) throws {
        try self.send(Array(text.utf8))
    }

    /// Sends a HEAD request: its response is read as a head without a body.
    package func sendHEAD(_ text: String) throws {
        self.parser.expectResponseToHEAD()
        try self.send(text)
    }

    /// Reads one response (an interim 100 Continue comes back as its own response).
    package func readResponse() throws -> Response {
        var head: HTTPResponseHead?
        var body: [UInt8] = []
        while true {
            if self.events.isEmpty { try self.receive() }
            while !self.events.isEmpty {
                switch self.events.removeFirst() {
                case .head(let received): head = received
                case .body(let bytes): body += bytes
                case .end:
                    guard let head else { throw HTTPParseError.malformed("a response ended without a head") }
                    var headers = HTTPHeaders()
                    for field in head.headers { headers.add(name: field.name, value: field.value) }
                    return Response(status: head.status, headers: headers, body: body)
                }
            }
        }
    }

    /// Waits until the server closes the connection; true if it did within the timeout with no more data.
    package func isClosedByPeer() -> Bool {
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 * 1024, alignment: 1)
        defer { scratch.deallocate() }
        do {
            var receivedMore = false
            while true {
                let count = try self.connection.read(into: scratch, idleTimeout: self.timeout)
                if count == 0 { return !receivedMore }
                receivedMore = true
            }
        } catch let error as SystemCallError {
            return !error.isTimeout
        } catch {
            return false  // a TLS failure is not an orderly close
        }
    }

    /// Reads more bytes and parses them; a stream that ends completes a body that runs to the close.
    private func receive() throws {
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 * 1024, alignment: 1)
        defer { scratch.deallocate() }
        let count = try self.connection.read(into: scratch, idleTimeout: self.timeout)
        if count == 0 {
            let events = try self.parser.finish()
            guard !events.isEmpty else { throw SystemCallError.failed("the server closed the connection", errno: ECONNRESET) }
            self.events += events
        } else {
            self.events += try self.parser.feed(UnsafeRawBufferPointer(rebasing: scratch[0..<count]))
        }
    }
}
