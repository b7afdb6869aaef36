/// Parses a complete request head (request line and header lines, each ending in CRLF) into a request.
enum HTTPHeadParser {
    /// Parses the head bytes, which end with the CRLF of the last header line.
    static func parse(_ head: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> HTTPRequest {
        var lines = LineIterator(bytes: head)
        guard let requestLine = lines.next() else { throw .malformed("empty request head") }
        var request = try self.parseRequestLine(requestLine)
        while let line = lines.next() {
            guard let first = line.first else { throw .malformed("empty header line") }
            guard first != 0x20, first != 0x09 else { throw .malformed("obsolete header line folding") }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw .malformed("header line without colon") }
            let name = UnsafeBufferPointer(rebasing: line[line.startIndex..<colon])
            guard !name.isEmpty, name.allSatisfy(isTokenByte) else { throw .malformed("invalid header name") }
            var valueStart = colon + 1
            var valueEnd = line.endIndex
            while valueStart < valueEnd, line[valueStart] == 0x20 || line[valueStart] == 0x09 { valueStart += 1 }
            while valueEnd > valueStart, line[valueEnd - 1] == 0x20 || line[valueEnd - 1] == 0x09 { valueEnd -= 1 }
            let value = UnsafeBufferPointer(rebasing: line[valueStart..<valueEnd])
            guard value.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) else {
                throw .malformed("invalid byte in header value")
            }
            request.headers.add(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
        }
        return request
    }

    /// Parses `METHOD SP target SP HTTP/1.x`.
    private static func parseRequestLine(_ line: UnsafeBufferPointer<UInt8>.SubSequence) throws(HTTPParseError) -> HTTPRequest {
        let parts = line.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformed("request line is not METHOD SP target SP version") }
        let method = parts[0]
        let target = parts[1]
        let version = parts[2]
        guard !method.isEmpty, method.allSatisfy(isTokenByte) else { throw .malformed("invalid method") }
        guard !target.isEmpty, target.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .malformed("invalid request target")
        }
        guard version.count == 8, version.starts(with: "HTTP/".utf8), version[version.startIndex + 6] == UInt8(ascii: ".")
        else { throw .malformed("invalid HTTP version") }
        let major = version[version.startIndex + 5]
        let minor = version[version.startIndex + 7]
        guard major == UInt8(ascii: "1"), minor == UInt8(ascii: "0") || minor == UInt8(ascii: "1") else {
            throw .unsupportedVersion()
        }
        return HTTPRequest(
            method: String(decoding: UnsafeBufferPointer(rebasing: method), as: UTF8.self),
            target: String(decoding: UnsafeBufferPointer(rebasing: target), as: UTF8.self),
            minorVersion: minor == UInt8(ascii: "1") ? 1 : 0
        )
    }

    /// Whether a byte may appear in an HTTP token (RFC 9110 `tchar`).
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}

/// Splits bytes into CRLF-terminated lines (a bare LF inside a line is left in it and rejected later).
private struct LineIterator {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    /// The next line without its CRLF, or nil at the end.
    mutating func next() -> UnsafeBufferPointer<UInt8>.SubSequence? {
        var index = self.position
        while index + 1 < self.bytes.count {
            if self.bytes[index] == 0x0D, self.bytes[index + 1] == 0x0A {
                let line = self.bytes[self.position..<index]
                self.position = index + 2
                return line
            }
            index += 1
        }
        return nil
    }
}
