import HTTP1Codec
import Testing

/// The serializer writes exact bytes, with framing headers it owns.
struct HTTPResponseSerializerTests {
    @Test func keepAliveResponseHasContentLengthOnly() {
        var buffer: [UInt8] = []
        HTTPResponseSerializer.write(
            HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Array("{}".utf8)),
            isKeepAlive: true,
            into: &buffer
        )
        #expect(
            String(decoding: buffer, as: UTF8.self)
                == "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
        )
    }

    @Test func closingResponseSaysConnectionClose() {
        var buffer: [UInt8] = []
        HTTPResponseSerializer.write(.text(413, "too large"), isKeepAlive: false, into: &buffer)
        #expect(
            String(decoding: buffer, as: UTF8.self)
                == "HTTP/1.1 413 Content Too Large\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 10\r\nConnection: close\r\n\r\ntoo large\n"
        )
    }

    @Test(arguments: [(0, "0"), (9, "9"), (10, "10"), (99, "99"), (100, "100"), (312, "312"), (1_000_000, "1000000")])
    func contentLengthIsTheBodySizeInDecimal(_ size: Int, _ text: String) {
        var buffer: [UInt8] = []
        HTTPResponseSerializer.write(HTTPResponse(status: 200, body: Array(repeating: 0x61, count: size)), isKeepAlive: true, into: &buffer)
        let head = "HTTP/1.1 200 OK\r\nContent-Length: \(text)\r\n\r\n"
        #expect(buffer.count == head.utf8.count + size)
        #expect(String(decoding: buffer.prefix(head.utf8.count), as: UTF8.self) == head)
    }

    @Test func statusWithoutAKnownReasonIsWrittenAsIs() {
        var buffer: [UInt8] = [0x2A]
        HTTPResponseSerializer.write(HTTPResponse(status: 299), isKeepAlive: true, into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "*HTTP/1.1 299 Status\r\nContent-Length: 0\r\n\r\n")
    }
}
