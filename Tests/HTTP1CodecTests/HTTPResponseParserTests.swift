import HTTP1Codec
import Testing

/// The pure HTTP/1.1 response decoder: framing by chunked coding, Content-Length and connection close.
@Suite struct HTTPResponseParserTests {
    /// Body bytes and the number of ends, from feeding `bytes` split at `cut`.
    static func decode(_ bytes: [UInt8], cut: Int, finish: Bool = false) throws -> (status: [Int], body: [UInt8], ends: Int) {
        var decoder = HTTPResponseParser()
        var events = try decoder.feed(bytes[..<cut]) + decoder.feed(bytes[cut...])
        if finish { events += try decoder.finish() }
        var statuses: [Int] = []
        var body: [UInt8] = []
        var ends = 0
        for event in events {
            switch event {
            case .head(let head): statuses.append(head.status)
            case .body(let bytes): body += bytes
            case .end: ends += 1
            }
        }
        return (statuses, body, ends)
    }

    @Test func chunkedResponseDecodesAtEverySplit() throws {
        let response = Array(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-T: 1\r\n\r\n"
                .utf8)
        for cut in 0...response.count {
            let result = try Self.decode(response, cut: cut)
            #expect(result.status == [200] && String(decoding: result.body, as: UTF8.self) == "hello, world"
                && result.ends == 1, "split at \(cut)")
        }
    }

    @Test func contentLengthResponsesFollowEachOtherOnOneConnection() throws {
        let one = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc"
        let two = "HTTP/1.1 404 Not Found\r\ncontent-length: 2\r\n\r\n{}"
        let bytes = Array((one + two).utf8)
        for cut in 0...bytes.count {
            let result = try Self.decode(bytes, cut: cut)
            #expect(result.status == [200, 404] && result.body == Array("abc{}".utf8) && result.ends == 2)
        }
    }

    @Test func bodyWithoutLengthRunsToClose() throws {
        let result = try Self.decode(Array("HTTP/1.1 200 OK\r\n\r\nall of it".utf8), cut: 20, finish: true)
        #expect(result.body == Array("all of it".utf8) && result.ends == 1)
    }

    @Test func truncatedChunkedBodyFailsAtClose() throws {
        var decoder = HTTPResponseParser()
        _ = try decoder.feed(Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc".utf8))
        #expect(throws: HTTPParseError.malformed("")) { _ = try decoder.finish() }
    }

    @Test func badChunkSizeFails() {
        var decoder = HTTPResponseParser()
        #expect(throws: HTTPParseError.malformed("")) {
            _ = try decoder.feed(Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".utf8))
        }
    }

    @Test func oversizedHeadFails() {
        var decoder = HTTPResponseParser(maximumHeadSize: 64)
        #expect(throws: HTTPParseError.oversized("")) {
            _ = try decoder.feed(Array(("HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: 100)).utf8))
        }
    }

    /// A head of exactly the limit decodes whether its terminator arrives whole or split: the check made before
    /// the terminator is complete used to count its first bytes against the limit (found by reading the code
    /// behind PolicyFuzz's `watch` split invariant).
    @Test func headAtTheLimitDecodesWhenItsTerminatorIsSplit() throws {
        let head = "HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: 64 - 20)
        #expect(head.utf8.count == 64)
        var whole = HTTPResponseParser(maximumHeadSize: 64)
        #expect(try whole.feed(Array((head + "\r\n\r\n").utf8)).count == 1)
        var split = HTTPResponseParser(maximumHeadSize: 64)
        #expect(try split.feed(Array((head + "\r\n\r").utf8)).isEmpty)
        #expect(try split.feed(Array("\n".utf8)).count == 1)
    }
}
