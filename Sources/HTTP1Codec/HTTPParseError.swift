/// Why a request (or, for the client, a response) could not be parsed; each reason maps to the HTTP status to answer with before closing.
///
/// Follows swift-asn1 `Errors.swift`: a private code, static constructors that capture where the error was
/// raised, equality by code only, and a description with reason and location.
package struct HTTPParseError: Error, Hashable, CustomStringConvertible {
    private enum Code: Hashable {
        case headTooLarge
        case bodyTooLarge
        case malformed
        case unsupportedVersion
        case unsupportedTransferEncoding
        case expectationFailed
        case oversized
        case unsupportedContentEncoding
    }

    private let code: Code
    /// What exactly was wrong, for logs (never sent to the client).
    package let reason: String
    private let location: String

    private init(_ code: Code, _ reason: String, file: String, line: Int) {
        self.code = code
        self.reason = reason
        self.location = "\(file):\(line)"
    }

    /// The request head (or chunked trailers) exceeded `HTTPLimits.maxHeadBytes`: 431.
    package static func headTooLarge(file: String = #fileID, line: Int = #line) -> Self {
        Self(.headTooLarge, "request head is larger than the limit", file: file, line: line)
    }

    /// The body exceeded `HTTPLimits.maxBodyBytes`: 413.
    package static func bodyTooLarge(file: String = #fileID, line: Int = #line) -> Self {
        Self(.bodyTooLarge, "request body is larger than the limit", file: file, line: line)
    }

    /// The bytes are not an HTTP/1.1 request: 400.
    package static func malformed(_ reason: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.malformed, reason, file: file, line: line)
    }

    /// A protocol version other than HTTP/1.0 or HTTP/1.1: 505.
    package static func unsupportedVersion(file: String = #fileID, line: Int = #line) -> Self {
        Self(.unsupportedVersion, "only HTTP/1.0 and HTTP/1.1 are supported", file: file, line: line)
    }

    /// A transfer coding other than `chunked`: 501.
    package static func unsupportedTransferEncoding(file: String = #fileID, line: Int = #line) -> Self {
        Self(.unsupportedTransferEncoding, "only the chunked transfer coding is supported", file: file, line: line)
    }

    /// An `Expect` other than `100-continue`: 417.
    package static func expectationFailed(file: String = #fileID, line: Int = #line) -> Self {
        Self(.expectationFailed, "only Expect: 100-continue is supported", file: file, line: line)
    }

    /// A body with a content coding other than `identity` (the webhook reads JSON as sent): 415.
    package static func unsupportedContentEncoding(file: String = #fileID, line: Int = #line) -> Self {
        Self(.unsupportedContentEncoding, "only the identity content coding is accepted", file: file, line: line)
    }

    /// A response head or chunk line exceeded its bound (the client side: `HTTPResponseParser`).
    package static func oversized(_ reason: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.oversized, reason, file: file, line: line)
    }

    /// True when a bound was exceeded (a head, a body, a line), rather than the bytes being malformed.
    package var isOversized: Bool {
        switch self.code {
        case .headTooLarge, .bodyTooLarge, .oversized: return true
        case .malformed, .unsupportedVersion, .unsupportedTransferEncoding, .expectationFailed, .unsupportedContentEncoding:
            return false
        }
    }

    /// The HTTP status code that answers this error.
    package var status: Int {
        switch self.code {
        case .headTooLarge, .oversized: return 431
        case .bodyTooLarge: return 413
        case .malformed: return 400
        case .unsupportedVersion: return 505
        case .unsupportedTransferEncoding: return 501
        case .expectationFailed: return 417
        case .unsupportedContentEncoding: return 415
        }
    }

    package var description: String { "HTTPParseError.\(self.code): \(self.reason) (\(self.location))" }

    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    package func hash(into hasher: inout Hasher) { hasher.combine(self.code) }
}
