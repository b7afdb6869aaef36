/// Turns the bytes of HTTP/1.1 responses, split anywhere, into heads, body bytes and ends: the client side of the
/// codec (the API server client reads its answers with it), as `HTTPRequestParser` is the server side. Pure.
///
/// Framing follows RFC 9112 §6.3: chunked when `Transfer-Encoding` ends in `chunked`, else `Content-Length`, else
/// the body runs to the end of the connection (`finish()`). Chunk extensions and trailers are skipped. The head and
/// every chunk-size line are bounded so a broken server cannot make the client buffer without limit.
package struct HTTPResponseParser: Sendable {
    /// What the bytes fed so far complete.
    package enum Event: Sendable, Hashable {
        case head(HTTPResponseHead)
        case body([UInt8])
        case end
    }

    /// Where in a response the decoder is.
    private enum State: Sendable, Hashable {
        case head
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case untilClose
    }

    /// The longest status line plus headers accepted.
    package var maximumHeadSize: Int
    private var state: State = .head
    private var buffer: [UInt8] = []
    private var index = 0

    /// Whether interim (1xx) responses come out as their own head and end; by default they are skipped and only the
    /// final response is reported.
    package var reportsInterimResponses: Bool
    /// How many of the next final responses answer HEAD requests: their heads announce a body that is not sent.
    private var pendingHEADResponses = 0

    package init(maximumHeadSize: Int = 64 * 1024, reportsInterimResponses: Bool = false) {
        self.maximumHeadSize = maximumHeadSize
        self.reportsInterimResponses = reportsInterimResponses
    }

    /// The next final response not yet parsed answers a HEAD request (call once per HEAD, in request order).
    package mutating func expectResponseToHEAD() {
        self.pendingHEADResponses += 1
    }

    /// True between responses, when the connection could be reused.
    package var isIdle: Bool { self.state == .head && self.index == self.buffer.count }

    /// Feeds received bytes; returns the events they complete.
    package mutating func feed(_ bytes: some Collection<UInt8>) throws(HTTPParseError) -> [Event] {
        if self.index > 0 && self.index == self.buffer.count {
            self.buffer.removeAll(keepingCapacity: true)
            self.index = 0
        }
        self.buffer.append(contentsOf: bytes)
        var events: [Event] = []
        while try self.step(into: &events) {}
        if self.index > 64 * 1024 && self.index * 2 > self.buffer.count {
            self.buffer.removeFirst(self.index)
            self.index = 0
        }
        return events
    }

    /// The connection reached its end: completes a body that runs until close, or fails a truncated response.
    package mutating func finish() throws(HTTPParseError) -> [Event] {
        switch self.state {
        case .untilClose:
            self.state = .head
            return [.end]
        case .head where self.index == self.buffer.count:
            return []
        default:
            throw .malformed("the connection closed in the middle of a response")
        }
    }

    /// Consumes one unit (a head, a line, some body bytes); false when more bytes are needed.
    private mutating func step(into events: inout [Event]) throws(HTTPParseError) -> Bool {
        switch self.state {
        case .head:
            guard let end = self.find([13, 10, 13, 10], from: self.index) else {
                // Up to 3 bytes of the terminator may be buffered: the limit counts the head without it.
                if self.buffer.count - self.index > self.maximumHeadSize + 3 {
                    throw .oversized("the response head exceeds \(self.maximumHeadSize) bytes")
                }
                return false
            }
            guard end - self.index <= self.maximumHeadSize else {
                throw .oversized("the response head exceeds \(self.maximumHeadSize) bytes")
            }
            let head = try Self.parseHead(self.buffer[self.index..<end])
            self.index = end + 4
            if (100..<200).contains(head.status) {
                // An interim response: the real one follows.
                if self.reportsInterimResponses { events += [.head(head), .end] }
                return true
            }
            events.append(.head(head))
            let answersHEAD = self.pendingHEADResponses > 0
            if answersHEAD { self.pendingHEADResponses -= 1 }
            if head.hasNoBody || answersHEAD {
                events.append(.end)
            } else if head.isChunked {
                self.state = .chunkSize
            } else if let length = head.header("content-length") {
                guard let count = Int(trimmed(length[...])), count >= 0 else {
                    throw .malformed("bad Content-Length \"\(length)\"")
                }
                if count == 0 { events.append(.end) } else { self.state = .fixedBody(remaining: count) }
            } else {
                self.state = .untilClose
            }
            return true
        case .fixedBody(let remaining):
            let available = min(remaining, self.buffer.count - self.index)
            guard available > 0 else { return false }
            events.append(.body(Array(self.buffer[self.index..<(self.index + available)])))
            self.index += available
            if available == remaining {
                self.state = .head
                events.append(.end)
            } else {
                self.state = .fixedBody(remaining: remaining - available)
            }
            return true
        case .chunkSize:
            guard let line = try self.line() else { return false }
            let sizeText = line.split(separator: ";", maxSplits: 1).first.map { String(trimmed($0)) } ?? ""
            guard !sizeText.isEmpty, sizeText.count <= 15, let size = Int(sizeText, radix: 16), size >= 0 else {
                throw .malformed("bad chunk size line \"\(line.prefix(40))\"")
            }
            self.state = size == 0 ? .trailers : .chunkData(remaining: size)
            return true
        case .chunkData(let remaining):
            let available = min(remaining, self.buffer.count - self.index)
            guard available > 0 else { return false }
            events.append(.body(Array(self.buffer[self.index..<(self.index + available)])))
            self.index += available
            self.state = available == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - available)
            return true
        case .chunkDataEnd:
            guard let line = try self.line() else { return false }
            guard line.isEmpty else { throw .malformed("chunk data is not followed by CRLF") }
            self.state = .chunkSize
            return true
        case .trailers:
            guard let line = try self.line() else { return false }
            if line.isEmpty {
                self.state = .head
                events.append(.end)
            }
            return true
        case .untilClose:
            guard self.index < self.buffer.count else { return false }
            events.append(.body(Array(self.buffer[self.index...])))
            self.index = self.buffer.count
            return true
        }
    }

    /// The next CRLF-terminated line (without it), or nil when incomplete; lines are bounded to 4 KiB.
    private mutating func line() throws(HTTPParseError) -> String? {
        guard let end = self.find([13, 10], from: self.index) else {
            // The CR of the terminator may be buffered: the limit counts the line without it.
            if self.buffer.count - self.index > 4096 + 1 { throw .oversized("a chunk line exceeds 4096 bytes") }
            return nil
        }
        guard end - self.index <= 4096 else { throw .oversized("a chunk line exceeds 4096 bytes") }
        let line = String(decoding: self.buffer[self.index..<end], as: UTF8.self)
        self.index = end + 2
        return line
    }

    /// The offset of `pattern` in the buffer at or after `start`.
    private func find(_ pattern: [UInt8], from start: Int) -> Int? {
        guard self.buffer.count - start >= pattern.count else { return nil }
        var position = start
        let last = self.buffer.count - pattern.count
        while position <= last {
            if self.buffer[position] == pattern[0] {
                var matches = true
                for offset in 1..<pattern.count where self.buffer[position + offset] != pattern[offset] {
                    matches = false
                    break
                }
                if matches { return position }
            }
            position += 1
        }
        return nil
    }

    /// Parses `HTTP/1.x <status> <reason>` and the header lines.
    private static func parseHead(_ bytes: ArraySlice<UInt8>) throws(HTTPParseError) -> HTTPResponseHead {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)[...]
        guard let statusLine = lines.popFirst(), statusLine.hasPrefix("HTTP/1.") else {
            throw .malformed("the response does not start with an HTTP/1.x status line")
        }
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[1].count == 3, let status = Int(parts[1]) else {
            throw .malformed("bad status line \"\(statusLine.prefix(60))\"")
        }
        var head = HTTPResponseHead(status: status, reason: parts.count > 2 ? String(parts[2]) : "")
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                throw .malformed("bad header line \"\(line.prefix(60))\"")
            }
            head.headers.append(
                .init(name: line[..<colon].lowercased(), value: String(trimmed(line[line.index(after: colon)...]))))
        }
        return head
    }
}
