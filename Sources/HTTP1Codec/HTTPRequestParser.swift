// HTTP1Codec: HTTP/1.1 request parsing and response serialization, as pure value types.
//
// Owns the wire format only: it never touches a socket, a clock or a logger, and imports nothing but the
// standard library and ByteText. Relations: bytes -> [ HTTPRequestParser ] -> HTTPRequest -> (handler) -> HTTPResponse
// -> [ HTTPResponseSerializer ] -> bytes. Mirrors the split of swift-nio's NIOHTTP1 (knows HTTP, not sockets).

import ByteText

/// What the parser has for the caller after new bytes arrived.
package enum HTTPParseEvent: Sendable, Hashable {
    /// The client sent `Expect: 100-continue` and waits: write `HTTPResponseSerializer.continueResponse`.
    case sendContinue
    /// A complete request; pipelined requests come out one per call, in order.
    case request(HTTPRequest)
}

/// An incremental HTTP/1.1 request parser: feed it bytes in any split, take requests out in order.
///
/// A state machine over one growing buffer: `append(_:)` adds bytes, `next()` returns the next event or nil
/// when more bytes are needed, and throws an `HTTPParseError` (after which the connection must be closed).
/// Request smuggling is refused: `Content-Length` with `Transfer-Encoding`, conflicting lengths, and
/// obsolete line folding are all malformed.
package struct HTTPRequestParser {
    /// Where in the current request the parser is.
    private enum State {
        case head
        case fixedBody(length: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers(bytesSeen: Int)
        case failed(HTTPParseError)
    }

    /// Longest chunk-size line accepted (size, extensions and CRLF).
    private static let maxChunkLineBytes = 1024
    /// Room a drained input buffer keeps for the next request of a keep-alive connection (a review is a few KB),
    /// so busy connections do not free and allocate it per request; larger buffers are released, and an idle
    /// connection's goes with `releaseBuffer()`.
    private static let retainedCapacity = 64 * 1024

    package let limits: HTTPLimits
    private var buffer: [UInt8] = []
    /// Index of the first unconsumed byte in `buffer`.
    private var start = 0
    /// Where the search for the end of the head resumes, so split heads are scanned once.
    private var scanFrom = 0
    private var state: State = .head
    /// The head of the request whose body is being read.
    private var pending: HTTPRequest?
    private var body: [UInt8] = []
    private var isContinuePending = false

    package init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// Adds received bytes.
    package mutating func append(_ bytes: some Sequence<UInt8>) {
        // Parsed bytes go before more arrive (keeping the memory): while a chunked body streams in, the chunks
        // copied to the body would otherwise stay in the buffer too, doubling what a request holds.
        self.dropConsumedBytes(keepingCapacity: true)
        self.buffer.append(contentsOf: bytes)
    }

    /// Adds received bytes from raw memory (as `append(_:)` above).
    package mutating func append(_ bytes: UnsafeRawBufferPointer) {
        self.dropConsumedBytes(keepingCapacity: true)
        self.buffer.append(contentsOf: bytes)
    }

    /// True between requests with nothing buffered: a keep-alive connection at rest.
    package var isIdle: Bool {
        if case .head = self.state { return self.start == self.buffer.count }
        return false
    }

    /// True once a head was parsed and its body is still arriving.
    package var isReadingBody: Bool {
        switch self.state {
        case .head, .failed: return false
        default: return true
        }
    }

    /// Bytes received but not consumed yet.
    package var bufferedByteCount: Int { self.buffer.count - self.start }

    /// Releases the input buffer of a parser at rest (an idle keep-alive connection).
    package mutating func releaseBuffer() {
        guard self.isIdle else { return }
        self.buffer = []
        self.start = 0
        self.scanFrom = 0
    }

    /// Memory the parser's input buffer occupies, consumed bytes included (for tests of what a request holds).
    package var inputBufferCapacity: Int { self.buffer.capacity }

    /// Memory this parser holds: what its input buffer and the body gathered so far have allocated, between
    /// requests too until `releaseBuffer()`. An array grows past what it holds (a body arriving in pieces ends in
    /// an allocation up to twice its size), so a budget counting the bytes received would let the real memory reach
    /// twice the budget.
    package var heldByteCount: Int { self.buffer.capacity + self.body.capacity }

    /// Returns the next event, or nil when more bytes are needed.
    package mutating func next() throws(HTTPParseError) -> HTTPParseEvent? {
        do {
            return try self.step()
        } catch {
            self.state = .failed(error)
            throw error
        }
    }

    // MARK: - States

    /// Advances through states until an event is ready or the buffer runs dry.
    private mutating func step() throws(HTTPParseError) -> HTTPParseEvent? {
        while true {
            switch self.state {
            case .failed(let error):
                throw error
            case .head:
                guard let head = try self.parseHead() else { return nil }
                if let event = try self.beginBody(head) { return event }
            case .fixedBody(let length):
                if self.isContinuePending {
                    self.isContinuePending = false
                    if self.bufferedByteCount < length { return .sendContinue }
                }
                guard self.bufferedByteCount >= length else { return nil }
                self.body = Array(self.buffer[self.start..<(self.start + length)])
                self.start += length
                return .request(self.finishRequest())
            case .chunkSize:
                if self.isContinuePending {
                    self.isContinuePending = false
                    if self.bufferedByteCount == 0 { return .sendContinue }
                }
                guard try self.parseChunkSize() else { return nil }
            case .chunkData(let remaining):
                let available = min(remaining, self.bufferedByteCount)
                guard available > 0 else { return nil }
                self.body.append(contentsOf: self.buffer[self.start..<(self.start + available)])
                self.start += available
                self.state = remaining == available ? .chunkDataEnd : .chunkData(remaining: remaining - available)
            case .chunkDataEnd:
                guard self.bufferedByteCount >= 2 else { return nil }
                guard self.buffer[self.start] == 0x0D, self.buffer[self.start + 1] == 0x0A else {
                    throw .malformed("chunk data is not followed by CRLF")
                }
                self.start += 2
                self.state = .chunkSize
            case .trailers(let bytesSeen):
                guard let lineEnd = self.findCRLF(from: self.start) else {
                    if bytesSeen + self.bufferedByteCount > self.limits.maxHeadBytes { throw .headTooLarge() }
                    return nil
                }
                let lineLength = lineEnd - self.start
                self.start = lineEnd + 2
                if lineLength == 0 { return .request(self.finishRequest()) }
                guard bytesSeen + lineLength + 2 <= self.limits.maxHeadBytes else { throw .headTooLarge() }
                self.state = .trailers(bytesSeen: bytesSeen + lineLength + 2)
            }
        }
    }

    /// Finds the blank line ending the head and parses it, or returns nil when it has not arrived.
    private mutating func parseHead() throws(HTTPParseError) -> HTTPHeadParser.Head? {
        // Ignore empty lines before a request line (RFC 9112 section 2.2), common after a POST body.
        while self.bufferedByteCount >= 2, self.buffer[self.start] == 0x0D, self.buffer[self.start + 1] == 0x0A {
            self.start += 2
        }
        self.scanFrom = max(self.scanFrom, self.start)
        let checkedUpTo = self.scanFrom
        // Lines end in CRLF: a head with a bare LF may never complete, so one is refused as soon as it is seen. Only
        // within the head's size limit, and before the size check, so the answer (400 or 431) depends on the bytes
        // and never on how they were split into reads.
        let window = min(self.buffer.count, self.start + self.limits.maxHeadBytes)
        guard let end = self.findHeadEnd() else {
            if self.hasBareLineFeed(from: checkedUpTo, before: window) { throw .malformed("bare LF in the request head") }
            if self.bufferedByteCount > self.limits.maxHeadBytes { throw .headTooLarge() }
            self.scanFrom = max(self.start, self.buffer.count - 3)
            self.dropConsumedBytes(keepingCapacity: false)
            return nil
        }
        if self.hasBareLineFeed(from: checkedUpTo, before: min(end, window)) {
            throw .malformed("bare LF in the request head")
        }
        guard end + 4 - self.start <= self.limits.maxHeadBytes else { throw .headTooLarge() }
        let head = try self.buffer.withUnsafeBufferPointer { (all) throws(HTTPParseError) -> HTTPHeadParser.Head in
            try HTTPHeadParser.parse(UnsafeBufferPointer(rebasing: all[self.start..<(end + 2)]))
        }
        self.start = end + 4
        self.scanFrom = self.start
        return head
    }

    /// Chooses the body framing for a parsed head; returns an event when the request is already complete.
    private mutating func beginBody(_ head: HTTPHeadParser.Head) throws(HTTPParseError) -> HTTPParseEvent? {
        let request = head.request
        let framing = head.framing
        // RFC 9112 section 3.2: an HTTP/1.1 request without a Host field, or with more than one, is answered 400.
        if request.minorVersion >= 1 {
            guard framing.hostFieldCount == 1 else {
                throw .malformed(framing.hostFieldCount == 0 ? "HTTP/1.1 request without Host" : "more than one Host field")
            }
        }
        let encodings = framing.contentEncodings.flatMap { $0.split(separator: ",").map(trimmed) }
        guard encodings.allSatisfy({ $0.equalsIgnoringASCIICase("identity") }) else {
            throw .unsupportedContentEncoding()
        }
        if let expectation = framing.expectation {
            // The head parser trimmed the value's spaces and tabs already.
            guard expectation.equalsIgnoringASCIICase("100-continue") else {
                throw .expectationFailed()
            }
            self.isContinuePending = request.minorVersion >= 1
        } else {
            self.isContinuePending = false
        }
        self.pending = request
        self.body = []
        if !framing.transferEncodings.isEmpty {
            guard framing.contentLength == nil else {
                throw .malformed("both Content-Length and Transfer-Encoding are present")
            }
            guard request.minorVersion >= 1 else { throw .malformed("Transfer-Encoding in an HTTP/1.0 request") }
            let codings = framing.transferEncodings.flatMap { $0.split(separator: ",").map(trimmed) }
            guard codings.count == 1, let coding = codings.first, coding.equalsIgnoringASCIICase("chunked") else {
                throw .unsupportedTransferEncoding()
            }
            self.state = .chunkSize
            return nil
        }
        guard let contentLength = framing.contentLength else {
            self.isContinuePending = false
            return .request(self.finishRequest())
        }
        guard !framing.hasConflictingContentLengths, let length = Self.decimal(contentLength) else {
            throw .malformed("invalid Content-Length")
        }
        guard length <= self.limits.maxBodyBytes else { throw .bodyTooLarge() }
        if length == 0 {
            self.isContinuePending = false
            return .request(self.finishRequest())
        }
        self.state = .fixedBody(length: length)
        return nil
    }

    /// Parses one chunk-size line; returns false when it has not fully arrived.
    private mutating func parseChunkSize() throws(HTTPParseError) -> Bool {
        guard let lineEnd = self.findCRLF(from: self.start) else {
            if self.bufferedByteCount > Self.maxChunkLineBytes { throw .malformed("chunk-size line is too long") }
            return false
        }
        guard lineEnd - self.start <= Self.maxChunkLineBytes else { throw .malformed("chunk-size line is too long") }
        var size = 0
        var digits = 0
        var index = self.start
        while index < lineEnd, let value = Self.hexValue(self.buffer[index]) {
            size = size &* 16 &+ value
            digits += 1
            index += 1
        }
        guard digits > 0, digits <= 15 else { throw .malformed("invalid chunk size") }
        if index < lineEnd {
            let byte = self.buffer[index]
            guard byte == UInt8(ascii: ";") || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") else {
                throw .malformed("invalid chunk size")
            }
        }
        self.start = lineEnd + 2
        if size == 0 {
            self.state = .trailers(bytesSeen: 0)
            return true
        }
        guard self.body.count + size <= self.limits.maxBodyBytes else { throw .bodyTooLarge() }
        // Grow geometrically, never to the exact size: reserving exactly each chunk's room would copy the whole
        // body once per chunk, quadratic in the body's size for a body sent in small chunks.
        let needed = self.body.count + size
        if needed > self.body.capacity {
            self.body.reserveCapacity(min(self.limits.maxBodyBytes, max(needed, self.body.capacity * 2)))
        }
        self.state = .chunkData(remaining: size)
        return true
    }

    // MARK: - Helpers

    /// Completes the pending request with the collected body and resets for the next one.
    private mutating func finishRequest() -> HTTPRequest {
        var request = self.pending ?? HTTPRequest(method: "", target: "")
        request.body = self.body
        self.pending = nil
        self.body = []
        self.state = .head
        self.dropConsumedBytes(keepingCapacity: false)
        return request
    }

    /// Drops consumed bytes: all of them when the buffer is drained (releasing its memory unless
    /// `keepingCapacity` or it is small enough to keep for the next request), or the consumed prefix once it is
    /// large.
    private mutating func dropConsumedBytes(keepingCapacity: Bool) {
        if self.start == self.buffer.count {
            self.buffer.removeAll(keepingCapacity: keepingCapacity || self.buffer.capacity <= Self.retainedCapacity)
            self.start = 0
            self.scanFrom = 0
        } else if self.start >= 16 * 1024 {
            self.buffer.removeFirst(self.start)
            self.scanFrom = max(0, self.scanFrom - self.start)
            self.start = 0
        }
    }

    /// Whether an LF not preceded by CR sits in `from..<end` of the unparsed head (bytes before `from` were looked
    /// at by an earlier call).
    private func hasBareLineFeed(from: Int, before end: Int) -> Bool {
        var index = max(from, self.start)
        while index < end {
            if self.buffer[index] == 0x0A, index == self.start || self.buffer[index - 1] != 0x0D { return true }
            index += 1
        }
        return false
    }

    /// The index of the CR of the first CRLFCRLF at or after `scanFrom`.
    ///
    /// Tests the last byte of each four-byte window first: when it is neither CR nor LF, no CRLFCRLF can
    /// overlap it, so the window moves on by four. Header text is mostly such bytes, so about a quarter of them
    /// are looked at.
    private func findHeadEnd() -> Int? {
        self.buffer.withUnsafeBufferPointer { bytes in
            var index = self.scanFrom
            while index + 3 < bytes.count {
                let last = bytes[index + 3]
                if last == 0x0A, bytes[index] == 0x0D, bytes[index + 1] == 0x0A, bytes[index + 2] == 0x0D {
                    return index
                }
                index += last == 0x0A || last == 0x0D ? 1 : 4
            }
            return nil
        }
    }

    /// The index of the CR of the first CRLF at or after `from`.
    private func findCRLF(from: Int) -> Int? {
        self.buffer.withUnsafeBufferPointer { HTTPHeadParser.lineEnd(in: $0, from: from) }
    }

    /// A non-negative decimal of at most 18 digits (no sign, no spaces: the head parser trimmed the value).
    /// Reads the UTF-8 bytes in place, without trimming or walking a `Substring` (a per-request cost).
    private static func decimal(_ text: String) -> Int? {
        var text = text
        return text.withUTF8 { digits in
            guard !digits.isEmpty, digits.count <= 18 else { return nil }
            var value = 0
            for byte in digits {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
    }

    /// The value of one hexadecimal digit.
    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: return Int(byte - 0x30)
        case 0x41...0x46: return Int(byte - 0x41 + 10)
        case 0x61...0x66: return Int(byte - 0x61 + 10)
        default: return nil
        }
    }
}
