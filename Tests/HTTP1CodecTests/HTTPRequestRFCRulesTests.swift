import HTTP1Codec
import Testing

/// RFC 9112 rules a server must apply beyond framing: exactly one `Host` in HTTP/1.1, lines ending in CRLF,
/// absolute-form targets, and (for a server that reads bodies as sent) no content coding but identity.
struct HTTPRequestRFCRulesTests {
    typealias Parse = HTTPRequestParserTests

    static func onlyRequest(_ text: String) throws -> HTTPRequest {
        let (events, error) = Parse.parse(text)
        #expect(error == nil)
        return try #require(HTTPRequestFramingTests.requests(events).first)
    }

    @Test func http11RequestWithoutHostIsRefusedWith400() {
        let (events, error) = Parse.parse("GET /healthz HTTP/1.1\r\nAccept: */*\r\n\r\n")
        #expect(events.isEmpty)
        #expect(error?.status == 400)
        #expect(error?.description.contains("without Host") == true)
    }

    @Test func http11RequestWithTwoHostFieldsIsRefusedWith400() {
        let (events, error) = Parse.parse("GET /healthz HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n")
        #expect(events.isEmpty)
        #expect(error?.status == 400)
        #expect(error?.description.contains("more than one Host") == true)
    }

    @Test func http10RequestWithoutHostIsServed() throws {
        let request = try Self.onlyRequest("GET /healthz HTTP/1.0\r\n\r\n")
        #expect(request.path == "/healthz")
    }

    @Test func hostIsCountedInAnyCase() throws {
        let request = try Self.onlyRequest("GET /healthz HTTP/1.1\r\nhOsT: webhook\r\n\r\n")
        #expect(request.headers["host"] == "webhook")
    }

    @Test func bareLineFeedInAnIncompleteHeadIsRefusedAtOnce() {
        // The head never ends in CRLFCRLF, so without the check the parser would wait for more bytes.
        var parser = HTTPRequestParser()
        parser.append(Array("GET / HTTP/1.1\nHost: h\n".utf8))
        let (events, error) = Parse.drain(&parser)
        #expect(events.isEmpty)
        #expect(error?.status == 400)
    }

    @Test func bareLineFeedArrivingInALaterSegmentIsRefused() {
        var parser = HTTPRequestParser()
        parser.append(Array("GET / HTTP/1.1\r\nHost: h\r\n".utf8))
        let (first, firstError) = Parse.drain(&parser)
        #expect(first.isEmpty)
        #expect(firstError == nil)
        parser.append(Array("X-A: 1\n".utf8))
        let (_, error) = Parse.drain(&parser)
        #expect(error?.status == 400)
    }

    /// Found by the http-parser fuzz target: a bare LF in a head longer than the limit was 400 when the bytes came
    /// in pieces and 431 when they came at once.
    @Test func bareLineFeedInAnOversizedHeadGetsTheSameAnswerHoweverTheBytesArrive() {
        let limits = HTTPLimits(maxHeadBytes: 64, maxBodyBytes: 1024)
        let early = "GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\n" + "X-Pad: " + String(repeating: "a", count: 100) + "\r\n\r\n"
        let late = "GET / HTTP/1.1\r\nHost: h\r\nX-Pad: " + String(repeating: "a", count: 100) + "\nX-A: 1\r\n\r\n"
        for (text, status) in [(early, 400), (late, 431)] {
            let bytes = Array(text.utf8)
            #expect(Parse.parse(text, limits: limits).1?.status == status)
            for split in 1..<bytes.count {
                var parser = HTTPRequestParser(limits: limits)
                parser.append(bytes[..<split])
                var (_, error) = Parse.drain(&parser)
                if error == nil {
                    parser.append(bytes[split...])
                    error = Parse.drain(&parser).1
                }
                #expect(error?.status == status, "split at \(split)")
            }
        }
    }

    @Test func lineFeedSplitFromItsCarriageReturnIsNotBare() {
        var parser = HTTPRequestParser()
        parser.append(Array("GET / HTTP/1.1\r".utf8))
        #expect(Parse.drain(&parser).1 == nil)
        parser.append(Array("\nHost: h\r\n\r\n".utf8))
        let (events, error) = Parse.drain(&parser)
        #expect(error == nil)
        #expect(HTTPRequestFramingTests.requests(events).count == 1)
    }

    @Test(arguments: [
        ("https://webhook.svc:443/validate?timeout=10s", "/validate?timeout=10s"),
        ("HTTP://webhook/metrics", "/metrics"),
        ("https://[::1]:9443/validate", "/validate"),
        ("/validate", "/validate"),
    ])
    func absoluteFormTargetIsRoutedByItsPath(target: String, expected: String) throws {
        let request = try Self.onlyRequest("POST \(target) HTTP/1.1\r\nHost: webhook\r\nContent-Length: 0\r\n\r\n")
        #expect(request.target == expected)
    }

    @Test(arguments: ["ftp://webhook/validate", "https:///validate", "https://webhook", "https://webhook?q=1"])
    func absoluteFormTargetWithoutAnHTTPSchemeHostOrPathIsRefusedWith400(target: String) {
        let (events, error) = Parse.parse("GET \(target) HTTP/1.1\r\nHost: webhook\r\n\r\n")
        #expect(events.isEmpty)
        #expect(error?.status == 400)
    }

    @Test(arguments: ["gzip", "identity, gzip", "br", "deflate"])
    func bodyWithAContentCodingIsRefusedWith415(coding: String) {
        let (events, error) = Parse.parse(
            "POST /validate HTTP/1.1\r\nHost: h\r\nContent-Encoding: \(coding)\r\nContent-Length: 2\r\n\r\n{}")
        #expect(events.isEmpty)
        #expect(error?.status == 415)
    }

    @Test(arguments: ["identity", "IDENTITY", " identity , identity"])
    func identityContentCodingIsAccepted(coding: String) throws {
        let request = try Self.onlyRequest(
            "POST /validate HTTP/1.1\r\nHost: h\r\nContent-Encoding: \(coding)\r\nContent-Length: 2\r\n\r\n{}")
        #expect(request.body == Array("{}".utf8))
    }

    @Test func unsupportedContentCodingIsAnsweredUnsupportedMediaType() {
        var buffer: [UInt8] = []
        HTTPResponseSerializer.write(.text(415, "no"), isKeepAlive: false, into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self).hasPrefix("HTTP/1.1 415 Unsupported Media Type\r\n"))
    }

    @Test func headResponseKeepsTheLengthAndOmitsTheBody() {
        var buffer: [UInt8] = []
        HTTPResponseSerializer.write(.text(200, "ok"), isKeepAlive: true, omittingBody: true, into: &buffer)
        let text = String(decoding: buffer, as: UTF8.self)
        #expect(text.contains("Content-Length: 3\r\n"))
        #expect(text.hasSuffix("\r\n\r\n"))
    }
}
