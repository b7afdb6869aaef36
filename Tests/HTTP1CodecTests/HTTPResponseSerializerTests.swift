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
}
