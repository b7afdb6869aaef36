import HTTP1Codec
import Testing

/// The framing headers are found in any case, repeated or alone, and the head's bytes are checked wherever a
/// bad one falls (the parser checks each line in one pass and looks for the head's end by skips).
struct HTTPRequestFramingTests {
    typealias Parse = HTTPRequestParserTests

    /// The requests among the events.
    static func requests(_ events: [HTTPParseEvent]) -> [HTTPRequest] {
        events.compactMap { if case .request(let request) = $0 { request } else { nil } }
    }

    @Test func framingHeadersAreRecognisedInAnyCase() throws {
        let (fixed, fixedError) = Parse.parse("POST / HTTP/1.1\r\nHost: h\r\ncOnTeNt-LeNgTh: 3\r\n\r\nabc")
        #expect(fixedError == nil)
        #expect(Self.requests(fixed).map(\.body) == [Array("abc".utf8)])

        let (chunked, chunkedError) = Parse.parse("POST / HTTP/1.1\r\nHost: h\r\nTRANSFER-ENCODING: CHUNKED\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
        #expect(chunkedError == nil)
        #expect(Self.requests(chunked).map(\.body) == [Array("abc".utf8)])

        let (continued, _) = Parse.parse("POST / HTTP/1.1\r\nHost: h\r\neXpEcT: 100-Continue\r\ncontent-length: 3\r\n\r\n")
        #expect(continued == [.sendContinue])
    }

    @Test func framingHeadersStayInTheHeaderList() throws {
        let (events, _) = Parse.parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\nabc")
        let request = try #require(Self.requests(events).first)
        #expect(request.headers["content-length"] == "3")
        #expect(request.headers["EXPECT"] == "100-continue")
        #expect(request.headers.count == 3)
    }

    @Test(arguments: [
        "POST / HTTP/1.1\r\nHost: h\r\ncontent-length: 3\r\nTRANSFER-encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\ncontent-length: 4\r\n\r\nabcd",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3\r\nContent-Length: 03\r\n\r\nabc",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 3\r\n\r\nabc",
        "POST / HTTP/1.0\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n",
    ])
    func smugglingShapesAreRefusedWhateverTheCaseOrRepetition(_ text: String) {
        let (events, error) = Parse.parse(text)
        #expect(Self.requests(events).isEmpty)
        #expect(error?.status == 400, "\(text.debugDescription)")
    }

    @Test func equalRepeatedContentLengthsFrameOneBody() {
        let (events, error) = Parse.parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nCONTENT-LENGTH: 3\r\n\r\nabcGET / HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(error == nil)
        #expect(Self.requests(events).map(\.body) == [Array("abc".utf8), []])
    }

    @Test func transferCodingsAreCountedAcrossRepeatedFields() {
        #expect(Parse.parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n").1?.status == 501)
        #expect(Parse.parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\ntransfer-encoding: chunked\r\n\r\n").1?.status == 501)
    }

    @Test func onlyTheFirstExpectationCounts() {
        #expect(Parse.parse("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nExpect: magic\r\nContent-Length: 1\r\n\r\n").0 == [.sendContinue])
        #expect(Parse.parse("POST / HTTP/1.1\r\nHost: h\r\nExpect: magic\r\nExpect: 100-continue\r\n\r\n").1?.status == 417)
    }

    @Test(arguments: ["Content-Lengths", "Content-Lengt", "X-Content-Length", "Transfer-Encodings", "Expects", "Content_Length"])
    func namesThatOnlyResembleFramingHeadersFrameNothing(_ name: String) throws {
        let (events, error) = Parse.parse("POST / HTTP/1.1\r\nHost: h\r\n\(name): 3\r\n\r\n")
        #expect(error == nil)
        let request = try #require(Self.requests(events).first)
        #expect(request.body.isEmpty)
        #expect(request.headers[name] == "3")
    }

    /// Every byte in a header name, checked against RFC 9110's `tchar`.
    @Test func headerNamesAcceptExactlyTheTokenBytes() {
        let punctuation = Array("!#$%&'*+-.^_`|~".utf8)
        for byte in UInt8.min...UInt8.max where byte != UInt8(ascii: ":") {
            let isToken =
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || punctuation.contains(byte)
            var parser = HTTPRequestParser()
            parser.append(Array("GET / HTTP/1.1\r\nHost: h\r\nA".utf8) + [byte] + Array("B: v\r\n\r\n".utf8))
            let (events, error) = Parse.drain(&parser)
            #expect(Self.requests(events).count == (isToken ? 1 : 0), "byte \(byte)")
            #expect(error?.status == (isToken ? nil : 400), "byte \(byte)")
        }
    }

    /// Every control byte, DEL and a few others at every position of a value longer than two words.
    @Test func headerValuesRefuseControlBytesAndDELAtAnyPosition() {
        let probes: [UInt8] = Array(0x00...0x1F) + [0x20, 0x7E, 0x7F, 0x80, 0xC3, 0xFF]
        for position in 0..<20 {
            for byte in probes {
                var value = Array("abcdefghijklmnopqrst".utf8)
                value[position] = byte
                var parser = HTTPRequestParser()
                parser.append(Array("GET / HTTP/1.1\r\nX-Long: ".utf8) + value + Array("\r\nHost: h\r\n\r\n".utf8))
                let (events, error) = Parse.drain(&parser)
                let isAllowed = byte == 0x09 || (byte >= 0x20 && byte != 0x7F)
                #expect(Self.requests(events).count == (isAllowed ? 1 : 0), "byte \(byte) at \(position)")
                #expect(error?.status == (isAllowed ? nil : 400), "byte \(byte) at \(position)")
            }
        }
    }

    /// A bad byte among bytes that borrow or carry in word arithmetic (space, 0x80 and up) is still found.
    @Test func headerValuesRefuseABadByteAmongHighAndBoundaryBytes() {
        let background: [UInt8] = [0x20, 0x80, 0xFF, 0x21, 0xA0, 0x7E, 0x20, 0xE0]
        for position in 0..<24 {
            for bad: UInt8 in [0x00, 0x01, 0x1F, 0x7F, 0x0A] {
                var value = (0..<24).map { background[$0 % background.count] }
                value[position] = bad
                var parser = HTTPRequestParser()
                parser.append(Array("GET / HTTP/1.1\r\nHost: h\r\nX: ".utf8) + value + Array("z\r\n\r\n".utf8))
                let (events, error) = Parse.drain(&parser)
                #expect(Self.requests(events).isEmpty, "byte \(bad) at \(position)")
                #expect(error?.status == 400, "byte \(bad) at \(position)")
            }
        }
    }

    /// The blank line ending a head is found wherever it falls relative to the scan's four-byte steps, with
    /// pipelined requests behind it.
    @Test func headEndIsFoundAtEveryAlignment() {
        for padding in 0..<12 {
            let filler = String(repeating: "a", count: padding)
            let first = "POST /\(filler) HTTP/1.1\r\nHost: h\r\nX: \(filler)\r\nContent-Length: 2\r\n\r\nok"
            let second = "GET /next HTTP/1.1\r\nHost: \(filler)h\r\n\r\n"
            let (events, error) = Parse.parse(first + "\r\n" + second + second)
            #expect(error == nil, "padding \(padding)")
            #expect(Self.requests(events).map(\.target) == ["/\(filler)", "/next", "/next"], "padding \(padding)")
            #expect(Self.requests(events).first?.body == Array("ok".utf8), "padding \(padding)")
        }
    }

    @Test(arguments: [
        "GET / HTTP/1.1\r\nHost: h\r\nA: b\r\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nA: b\n\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nA: b\r\n\r\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nA: b\r\n\n\r\n\r\n",
        "GET / HTTP/1.1\n\r\n\r\n",
    ])
    func strayLineBreaksNearTheHeadEndAreMalformed(_ text: String) {
        #expect(Parse.parse(text).1?.status == 400, "\(text.debugDescription)")
    }
}
