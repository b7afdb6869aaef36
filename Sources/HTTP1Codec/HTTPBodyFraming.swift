import ByteText

/// The header fields that decide how a request's body is framed and read (`Content-Length`, `Transfer-Encoding`,
/// `Content-Encoding`), whether the client waits for `100 Continue` (`Expect`), and the `Host` count RFC 9112
/// requires, noted while the head is parsed: searching the header list for them afterwards compared every name
/// once per field looked for.
struct HTTPBodyFraming {
    /// The first `Content-Length` value.
    private(set) var contentLength: String?
    /// Whether a later `Content-Length` differs from the first (a smuggling attempt, or a broken client).
    private(set) var hasConflictingContentLengths = false
    /// Every `Transfer-Encoding` value, in order (empty for almost every request: nothing is allocated then).
    private(set) var transferEncodings: [String] = []
    /// The first `Expect` value.
    private(set) var expectation: String?
    /// Every `Content-Encoding` value, in order (empty for almost every request).
    private(set) var contentEncodings: [String] = []
    /// How many `Host` fields the head holds (an HTTP/1.1 request must hold exactly one).
    private(set) var hostFieldCount = 0

    /// Notes one header field if it is a framing one; its name and value are the raw bytes, the name of any case.
    /// A string is made of the value only for a framing field.
    mutating func note(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
        // The length picks the one candidate to compare, so other names cost a single comparison.
        switch name.count {
        case 14 where ASCII.equalIgnoringCase(name, lowercase: "content-length"):
            self.noteContentLength(String(decoding: value, as: UTF8.self))
        case 17 where ASCII.equalIgnoringCase(name, lowercase: "transfer-encoding"):
            self.transferEncodings.append(String(decoding: value, as: UTF8.self))
        case 6 where ASCII.equalIgnoringCase(name, lowercase: "expect"):
            if self.expectation == nil { self.expectation = String(decoding: value, as: UTF8.self) }
        case 4 where ASCII.equalIgnoringCase(name, lowercase: "host"):
            self.hostFieldCount += 1
        case 16 where ASCII.equalIgnoringCase(name, lowercase: "content-encoding"):
            self.contentEncodings.append(String(decoding: value, as: UTF8.self))
        default:
            break
        }
    }

    /// Keeps the first `Content-Length`, and whether any later one says something else.
    private mutating func noteContentLength(_ value: String) {
        guard let first = self.contentLength else {
            self.contentLength = value
            return
        }
        if value != first { self.hasConflictingContentLengths = true }
    }
}
