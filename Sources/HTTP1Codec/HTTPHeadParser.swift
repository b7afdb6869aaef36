import ByteText

/// Parses a complete request head (request line and header lines, each ending in CRLF) into a request, noting
/// the framing headers on the way.
///
/// Each line is read in one pass over the raw bytes, checking every byte as it goes; strings are made only for
/// the method and target (the header fields keep their bytes) and the framing headers' values.
enum HTTPHeadParser {
    /// A parsed head: the request without its body, and how that body is framed.
    struct Head {
        var request: HTTPRequest
        var framing: HTTPBodyFraming
    }

    /// Where one header line's parts are in the head.
    private struct HeaderLine {
        var name: Range<Int>
        var value: Range<Int>
        /// The first byte after the line's CRLF.
        var next: Int
    }

    /// Header fields a request has room for before its list grows: more than kube-apiserver (five) and most
    /// clients send, so the list is allocated once instead of growing through 1, 2, 4 and 8.
    private static let typicalFieldCount = 16

    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    /// Parses the head bytes, which end with the CRLF of the last header line.
    static func parse(_ head: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> Head {
        guard let requestLineEnd = self.lineEnd(in: head, from: 0) else { throw .malformed("empty request head") }
        var request = try self.parseRequestLine(UnsafeBufferPointer(rebasing: head[0..<requestLineEnd]))
        // The header lines' bytes are at most what is left of the head: one allocation for all names and values.
        request.headers.reserveCapacity(self.typicalFieldCount, byteCount: head.count - requestLineEnd)
        var framing = HTTPBodyFraming()
        var position = requestLineEnd + 2
        while position < head.count {
            let line = try self.parseHeaderLine(head, from: position)
            let name = UnsafeBufferPointer(rebasing: head[line.name])
            let value = UnsafeBufferPointer(rebasing: head[line.value])
            framing.note(name: name, value: value)
            request.headers.add(name: name, value: value)
            position = line.next
        }
        return Head(request: request, framing: framing)
    }

    // MARK: - Request line

    /// Parses `METHOD SP target SP HTTP/1.x`.
    private static func parseRequestLine(_ line: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> HTTPRequest {
        // Two spaces exactly: the target may hold none, the method and version cannot.
        guard let firstSpace = line.firstIndex(of: self.space), let lastSpace = line.lastIndex(of: self.space),
            firstSpace < lastSpace
        else { throw .malformed("request line is not METHOD SP target SP version") }
        let method = UnsafeBufferPointer(rebasing: line[0..<firstSpace])
        let target = UnsafeBufferPointer(rebasing: line[(firstSpace + 1)..<lastSpace])
        let version = UnsafeBufferPointer(rebasing: line[(lastSpace + 1)...])
        guard !method.isEmpty, method.allSatisfy(self.isTokenByte) else { throw .malformed("invalid method") }
        guard !target.isEmpty, target.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .malformed("invalid request target")
        }
        let minorVersion = try self.minorVersion(version)
        return HTTPRequest(
            method: String(decoding: method, as: UTF8.self),
            target: String(decoding: try self.originForm(target), as: UTF8.self),
            minorVersion: minorVersion
        )
    }

    /// The target in origin form (`/path?query`): an absolute-form target (`https://host/path?query`, which
    /// RFC 9112 section 3.2.2 says a server must accept) loses its scheme and authority; any other is as sent.
    private static func originForm(_ target: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> UnsafeBufferPointer<UInt8> {
        guard target.first != UInt8(ascii: "/") else { return target }
        let separator = Array("://".utf8)
        guard let schemeEnd = self.firstIndex(of: separator, in: target) else { return target }
        let scheme = UnsafeBufferPointer(rebasing: target[0..<schemeEnd])
        guard ASCII.equalIgnoringCase(scheme, lowercase: "https") || ASCII.equalIgnoringCase(scheme, lowercase: "http") else {
            throw .malformed("absolute-form request target with a scheme other than http or https")
        }
        let authorityStart = schemeEnd + separator.count
        let rest = UnsafeBufferPointer(rebasing: target[authorityStart...])
        let authorityLength = rest.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? rest.count
        guard authorityLength > 0 else { throw .malformed("absolute-form request target without a host") }
        let path = UnsafeBufferPointer(rebasing: rest[authorityLength...])
        guard path.first == UInt8(ascii: "/") else {
            // `https://host` or `https://host?query`: RFC 3986 reads an empty path as `/`, but no API server sends
            // one, and a client that does is refused rather than guessed at.
            throw .malformed("absolute-form request target without a path")
        }
        return path
    }

    /// The index where `needle` first starts in `haystack`.
    private static func firstIndex(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }

    /// The minor version of `HTTP/1.0` or `HTTP/1.1`; another well-formed version is unsupported (505).
    private static func minorVersion(_ version: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> Int {
        guard version.count == 8, version.starts(with: "HTTP/".utf8), version[6] == UInt8(ascii: ".") else {
            throw .malformed("invalid HTTP version")
        }
        let major = version[5]
        let minor = version[7]
        guard major == UInt8(ascii: "1"), minor == UInt8(ascii: "0") || minor == UInt8(ascii: "1") else {
            throw .unsupportedVersion()
        }
        return minor == UInt8(ascii: "1") ? 1 : 0
    }

    // MARK: - Header lines

    /// Parses `name ":" OWS value OWS CRLF` starting at `start`, checking each byte once.
    private static func parseHeaderLine(
        _ head: UnsafeBufferPointer<UInt8>,
        from start: Int
    ) throws(HTTPParseError) -> HeaderLine {
        let first = head[start]
        guard first != self.space, first != self.tab else { throw .malformed("obsolete header line folding") }
        let colon = try self.nameEnd(in: head, from: start)
        let end = try self.valueEnd(in: head, from: colon + 1)
        var valueStart = colon + 1
        var valueEnd = end
        while valueStart < valueEnd, head[valueStart] == self.space || head[valueStart] == self.tab { valueStart += 1 }
        while valueEnd > valueStart, head[valueEnd - 1] == self.space || head[valueEnd - 1] == self.tab { valueEnd -= 1 }
        return HeaderLine(name: start..<colon, value: valueStart..<valueEnd, next: end + 2)
    }

    /// The index of the colon ending a non-empty header name of token bytes.
    private static func nameEnd(in head: UnsafeBufferPointer<UInt8>, from start: Int) throws(HTTPParseError) -> Int {
        var index = start
        while index < head.count, head[index] != UInt8(ascii: ":") {
            guard self.isTokenByte(head[index]) else {
                throw head[index] == self.cr ? .malformed("header line without colon") : .malformed("invalid header name")
            }
            index += 1
        }
        guard index < head.count, index > start else { throw .malformed("invalid header name") }
        return index
    }

    /// The index of the CR of the CRLF ending a header value whose bytes are all allowed (visible, space, tab or
    /// obs-text; a bare CR or LF is not).
    private static func valueEnd(in head: UnsafeBufferPointer<UInt8>, from start: Int) throws(HTTPParseError) -> Int {
        var index = start
        // Eight bytes at a time while none needs a closer look: values are mostly plain text.
        let raw = UnsafeRawBufferPointer(head)
        while index + 8 <= raw.count, !self.hasControlByte(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
            index += 8
        }
        while index < head.count, head[index] != self.cr {
            let byte = head[index]
            guard byte == self.tab || (byte >= 0x20 && byte != 0x7F) else {
                throw .malformed("invalid byte in header value")
            }
            index += 1
        }
        guard index + 1 < head.count, head[index + 1] == self.lf else { throw .malformed("invalid byte in header value") }
        return index
    }

    /// The index of the CR of the first CRLF at or after `start` (also the request parser's, for chunk-size and
    /// trailer lines).
    static func lineEnd(in head: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index + 1 < head.count {
            if head[index] == self.cr, head[index + 1] == self.lf { return index }
            index += 1
        }
        return nil
    }

    // MARK: - Bytes

    /// Whether any of the eight bytes in a word is a control byte (below 0x20, CR, LF and tab included) or DEL.
    /// The classic "has a byte less than n" test: subtracting n from each byte borrows into its top bit only for
    /// bytes below n (and bytes of 0x80 or more are masked out by `~word`); the lowest flagged byte is always a
    /// true one, so the answer for the word is exact.
    static func hasControlByte(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let topBits: UInt64 = 0x8080_8080_8080_8080
        let belowSpace = (word &- ones &* 0x20) & ~word & topBits
        let delFolded = word ^ (ones &* 0x7F)
        let isDel = (delFolded &- ones) & ~delFolded & topBits
        return belowSpace | isDel != 0
    }

    /// Whether a byte may appear in an HTTP token (RFC 9110 `tchar`: letters, digits and ``!#$%&'*+-.^_`|~``).
    /// Looked up in two 64-bit masks (bit n of the first for byte n, of the second for byte 64 + n): a test of
    /// the punctuation as a list cost more than the rest of the name check, and every header name has a `-`.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        // Bytes 0-63: ! # $ % & ' * + - . and the digits.
        let lowMask: UInt64 = 0x03FF_6CFA_0000_0000
        // Bytes 64-127: the letters, ^ _ ` | ~.
        let highMask: UInt64 = 0x57FF_FFFF_C7FF_FFFE
        switch byte {
        case 0..<64: return lowMask >> UInt64(byte) & 1 == 1
        case 64..<128: return highMask >> UInt64(byte - 64) & 1 == 1
        default: return false
        }
    }
}
