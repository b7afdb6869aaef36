import HTTP1Codec
import Testing

/// Parser tests: subject, condition, outcome (swift-nio `HTTPDecoderTesting.swift`).
struct HTTPRequestParserTests {
    /// Feeds all bytes at once and collects every event, or the error.
    static func parse(_ text: String, limits: HTTPLimits = HTTPLimits()) -> ([HTTPParseEvent], HTTPParseError?) {
        var parser = HTTPRequestParser(limits: limits)
        parser.append(Array(text.utf8))
        return drain(&parser)
    }

    /// Takes events until the parser needs more bytes or fails.
    static func drain(_ parser: inout HTTPRequestParser) -> ([HTTPParseEvent], HTTPParseError?) {
        var events: [HTTPParseEvent] = []
        do {
            while let event = try parser.next() { events.append(event) }
        } catch {
            return (events, error)
        }
        return (events, nil)
    }

    static let post = "POST /validate?timeout=10s HTTP/1.1\r\nHost: webhook\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\":\"b c\"}"

    @Test func contentLengthRequestParses() throws {
        let (events, error) = Self.parse(Self.post)
        #expect(error == nil)
        let request = try #require(events.first.flatMap { if case .request(let r) = $0 { r } else { nil } })
        #expect(request.method == "POST")
        #expect(request.target == "/validate?timeout=10s")
        #expect(request.path == "/validate")
        #expect(request.headers["content-type"] == "application/json")
        #expect(String(decoding: request.body, as: UTF8.self) == "{\"a\":\"b c\"}")
        #expect(request.isKeepAlive)
    }

    /// The parser keeps each field's bytes as received (values without the whitespace around them), in order: the
    /// list equals one built from strings, and reads back the same names and values.
    @Test func headerFieldsKeepTheirNamesAndValuesInOrder() throws {
        let head = "POST / HTTP/1.1\r\nHost: webhook\r\nX-Trace:\t a b \t\r\nx-trace: \r\nAccept: application/json, */*\r\n"
            + "Content-Length: 0\r\n\r\n"
        let (events, error) = Self.parse(head)
        #expect(error == nil)
        let request = try #require(events.first.flatMap { if case .request(let r) = $0 { r } else { nil } })
        let expected: HTTPHeaders = [
            "Host": "webhook", "X-Trace": "a b", "x-trace": "", "Accept": "application/json, */*", "Content-Length": "0",
        ]
        #expect(request.headers == expected)
        #expect(request.headers.map(\.name) == ["Host", "X-Trace", "x-trace", "Accept", "Content-Length"])
        #expect(request.headers.values(named: "X-TRACE") == ["a b", ""])
        #expect(request.headers["accept"] == "application/json, */*")
    }

    /// A keep-alive connection reuses its input buffer between small requests, gives back a large one as soon as
    /// its request is done, and an idle one on `releaseBuffer()`.
    @Test func drainedInputBufferIsKeptWhenSmallAndReleasedWhenLargeOrIdle() {
        var parser = HTTPRequestParser()
        parser.append(Array(Self.post.utf8))
        #expect(Self.drain(&parser).0.count == 1)
        #expect(parser.isIdle && parser.inputBufferCapacity > 0)
        parser.releaseBuffer()
        #expect(parser.inputBufferCapacity == 0)

        let large = String(repeating: "x", count: 100 * 1024)
        parser.append(Array("POST /validate HTTP/1.1\r\nHost: webhook\r\nContent-Length: \(large.utf8.count)\r\n\r\n\(large)".utf8))
        #expect(Self.drain(&parser).0.count == 1)
        #expect(parser.isIdle && parser.inputBufferCapacity == 0)
    }

    @Test func requestSplitAtEveryByteBoundaryParsesTheSame() {
        let bytes = Array(Self.post.utf8)
        let (expected, _) = Self.parse(Self.post)
        for split in 0...bytes.count {
            var parser = HTTPRequestParser()
            parser.append(bytes[0..<split])
            var (events, error) = Self.drain(&parser)
            parser.append(bytes[split...])
            let (more, moreError) = Self.drain(&parser)
            events += more
            error = error ?? moreError
            #expect(error == nil, "split at \(split)")
            #expect(events == expected, "split at \(split)")
            #expect(parser.isIdle)
        }
    }

    @Test func requestFedOneByteAtATimeParsesTheSame() {
        let chunked = "POST /validate HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Trailer: 1\r\n\r\n"
        var parser = HTTPRequestParser()
        var events: [HTTPParseEvent] = []
        for byte in chunked.utf8 {
            parser.append([byte])
            let (more, error) = Self.drain(&parser)
            #expect(error == nil)
            events += more
        }
        #expect(events.count == 1)
        if case .request(let request) = events.first {
            #expect(String(decoding: request.body, as: UTF8.self) == "Wikipedia")
        }
    }

    @Test func pipelinedRequestsComeOutInOrder() {
        let text = "GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n" + Self.post + "GET /readyz HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"
        let (events, error) = Self.parse(text)
        #expect(error == nil)
        let targets = events.compactMap { if case .request(let r) = $0 { r.target } else { nil } }
        #expect(targets == ["/healthz", "/validate?timeout=10s", "/readyz"])
        if case .request(let last) = events.last { #expect(!last.isKeepAlive) }
    }

    @Test func headOverLimitFailsWith431() {
        let text = "GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + String(repeating: "a", count: 17 * 1024) + "\r\n\r\n"
        let (_, error) = Self.parse(text)
        #expect(error == .headTooLarge())
        #expect(error?.status == 431)
    }

    @Test func unterminatedHeadOverLimitFailsBeforeItEnds() {
        let (_, error) = Self.parse("GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + String(repeating: "a", count: 17 * 1024))
        #expect(error?.status == 431)
    }

    @Test func contentLengthOverLimitFailsWith413BeforeTheBody() {
        let (events, error) = Self.parse(
            "POST /validate HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 1025\r\n\r\n",
            limits: HTTPLimits(maxBodyBytes: 1024)
        )
        #expect(events.isEmpty)
        #expect(error == .bodyTooLarge())
        #expect(error?.status == 413)
    }

    @Test func chunkedBodyOverLimitFailsWith413() {
        let (_, error) = Self.parse(
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n" + String(repeating: "a", count: 1024)
                + "\r\n1\r\na\r\n0\r\n\r\n",
            limits: HTTPLimits(maxBodyBytes: 1024)
        )
        #expect(error?.status == 413)
    }

    @Test func streamedChunkedBodyDoesNotStayInTheInputBuffer() throws {
        var parser = HTTPRequestParser(limits: HTTPLimits(maxBodyBytes: 4 << 20))
        parser.append(Array("POST /validate HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".utf8))
        let chunk = Array("10000\r\n".utf8) + [UInt8](repeating: UInt8(ascii: "c"), count: 65536) + Array("\r\n".utf8)
        var largestInput = 0
        for _ in 0..<48 {
            // Arrives the way TLS hands it over: records of at most 16 KiB.
            var offset = 0
            while offset < chunk.count {
                let end = min(chunk.count, offset + 16384)
                parser.append(chunk[offset..<end])
                offset = end
                #expect(try parser.next() == nil)
                largestInput = max(largestInput, parser.inputBufferCapacity)
            }
        }
        parser.append(Array("0\r\n\r\n".utf8))
        let event = try parser.next()
        guard case .request(let request)? = event else {
            Issue.record("expected a request, got \(String(describing: event))")
            return
        }
        #expect(request.body.count == 48 * 65536)
        #expect(request.body.allSatisfy { $0 == UInt8(ascii: "c") })
        #expect(largestInput < 256 * 1024, "the input buffer grew to \(largestInput) bytes for a 3 MiB body")
    }

    @Test func expectContinueAsksForTheBodyOnce() {
        var parser = HTTPRequestParser()
        parser.append(Array("POST /validate HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        let (first, _) = Self.drain(&parser)
        #expect(first == [.sendContinue])
        #expect(parser.isReadingBody)
        parser.append(Array("{}".utf8))
        let (second, _) = Self.drain(&parser)
        #expect(second.count == 1)
    }

    @Test func expectContinueWithBodyAlreadySentDoesNotAsk() {
        let (events, _) = Self.parse("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n{}")
        #expect(events.count == 1)
        #expect(events.first != .sendContinue)
    }

    @Test func http10DefaultsToClose() {
        let (events, _) = Self.parse("GET / HTTP/1.0\r\n\r\n")
        if case .request(let request) = events.first { #expect(!request.isKeepAlive) }
    }

    @Test func emptyLinesBeforeARequestAreIgnored() {
        let (events, error) = Self.parse("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(error == nil)
        #expect(events.count == 1)
    }

    static let malformed: [String] = [
        "GET\r\n\r\n",
        "GET /  HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET / HTTP/1.1 extra\r\n\r\n",
        "G(T / HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET / HTTX/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nNo-Colon\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nBad Name: x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nA: b\r\n folded\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1x\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX: a\u{7F}b\r\n\r\n",
    ]

    @Test(arguments: malformed)
    func malformedRequestFailsWith400(_ text: String) {
        let (events, error) = Self.parse(text)
        #expect(events.isEmpty)
        #expect(error?.status == 400, "\(text.debugDescription): \(String(describing: error))")
    }

    @Test func otherStatusesForUnsupportedFeatures() {
        #expect(Self.parse("GET / HTTP/2.0\r\n\r\n").1?.status == 505)
        #expect(Self.parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n").1?.status == 501)
        #expect(Self.parse("POST / HTTP/1.1\r\nHost: h\r\nExpect: magic\r\n\r\n").1?.status == 417)
    }

    @Test func parserStaysFailedAfterAnError() {
        var parser = HTTPRequestParser()
        parser.append(Array("BAD\r\n\r\n".utf8))
        #expect(throws: HTTPParseError.malformed("")) { try parser.next() }
        parser.append(Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        #expect(throws: HTTPParseError.malformed("")) { try parser.next() }
    }
}

/// Arbitrary bytes never crash the parser: they parse, wait for more, or fail with a status.
struct HTTPRequestParserRobustnessTests {
    /// A small deterministic generator (SplitMix64), so a failure reproduces.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            self.state &+= 0x9E37_79B9_7F4A_7C15
            var value = self.state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    @Test func randomBytesAndMutatedRequestsNeverCrash() {
        var random = SplitMix(state: 42)
        let seed = Array(HTTPRequestParserTests.post.utf8) + Array("0\r\n\r\n".utf8)
        let alphabet = Array("GET POST / HTTP/1.1\r\nHost: h\r\n:;0123456789abcdefABCDEF chunked Content-Length Transfer-Encoding".utf8)
        for _ in 0..<2000 {
            var bytes = seed
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                bytes[index] = alphabet.randomElement(using: &random) ?? 0
            }
            if Bool.random(using: &random) {
                bytes = (0..<Int.random(in: 0..<200, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            }
            var parser = HTTPRequestParser(limits: HTTPLimits(maxHeadBytes: 256, maxBodyBytes: 64))
            var offset = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + Int.random(in: 1...16, using: &random))
                parser.append(bytes[offset..<end])
                offset = end
                let (_, error) = HTTPRequestParserTests.drain(&parser)
                if let error {
                    #expect([400, 413, 417, 431, 501, 505].contains(error.status))
                    break
                }
            }
        }
    }
}
