import HTTP1Codec
import Testing

/// The end of the head is found wherever it falls (the parser looks for it in skips of up to four bytes).
struct HTTPRequestFramingTests {
    typealias Parse = HTTPRequestParserTests

    /// The requests among the events.
    static func requests(_ events: [HTTPParseEvent]) -> [HTTPRequest] {
        events.compactMap { if case .request(let request) = $0 { request } else { nil } }
    }

    /// The blank line ending a head is found wherever it falls relative to the scan's four-byte steps, with
    /// pipelined requests behind it.
    @Test func headEndIsFoundAtEveryAlignment() {
        for padding in 0..<12 {
            let filler = String(repeating: "a", count: padding)
            let first = "POST /\(filler) HTTP/1.1\r\nX: \(filler)\r\nContent-Length: 2\r\n\r\nok"
            let second = "GET /next HTTP/1.1\r\nHost: \(filler)h\r\n\r\n"
            let (events, error) = Parse.parse(first + "\r\n" + second + second)
            #expect(error == nil, "padding \(padding)")
            #expect(Self.requests(events).map(\.target) == ["/\(filler)", "/next", "/next"], "padding \(padding)")
            #expect(Self.requests(events).first?.body == Array("ok".utf8), "padding \(padding)")
        }
    }

    @Test(arguments: [
        "GET / HTTP/1.1\r\nA: b\r\r\n\r\n",
        "GET / HTTP/1.1\r\nA: b\n\r\n\r\n",
        "GET / HTTP/1.1\r\nA: b\r\n\r\r\n\r\n",
        "GET / HTTP/1.1\r\nA: b\r\n\n\r\n\r\n",
        "GET / HTTP/1.1\n\r\n\r\n",
    ])
    func strayLineBreaksNearTheHeadEndAreMalformed(_ text: String) {
        #expect(Parse.parse(text).1?.status == 400, "\(text.debugDescription)")
    }
}
