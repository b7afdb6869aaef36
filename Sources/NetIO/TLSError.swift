import COpenSSL

/// TLS material could not be loaded, or a handshake or record failed; carries OpenSSL's error queue text.
package struct TLSError: Error, Hashable, CustomStringConvertible {
    private enum Code: Hashable {
        case configuration
        case handshake
        case record
    }

    private let code: Code
    /// What failed, with OpenSSL's reasons.
    package let reason: String
    private let location: String

    private init(_ code: Code, _ reason: String, file: String, line: Int) {
        self.code = code
        self.reason = reason
        self.location = "\(file):\(line)"
    }

    /// The certificate, key or CA file could not be used.
    package static func configuration(_ what: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.configuration, "\(what)\(TLSError.drainQueue())", file: file, line: line)
    }

    /// A handshake failed (bad protocol version, no shared cipher, bad client certificate...).
    package static func handshake(file: String = #fileID, line: Int = #line) -> Self {
        Self(.handshake, "handshake failed\(TLSError.drainQueue())", file: file, line: line)
    }

    /// Reading or writing records after the handshake failed.
    package static func record(file: String = #fileID, line: Int = #line) -> Self {
        Self(.record, "TLS record error\(TLSError.drainQueue())", file: file, line: line)
    }

    package var description: String { "TLSError: \(self.reason) (\(self.location))" }

    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    package func hash(into hasher: inout Hasher) { hasher.combine(self.code) }

    /// Empties this thread's OpenSSL error queue before an SSL call, as `SSL_get_error` requires. Looks first:
    /// `ERR_clear_error` walks and frees all 16 slots of the queue even when it is empty, several times per
    /// request, and the queue is almost always empty. `SSL_get_error` itself decides by
    /// `ERR_peek_error`, so this is exactly the emptiness that matters.
    @inline(__always)
    package static func clearQueue() {
        if ERR_peek_error() != 0 { ERR_clear_error() }
    }

    /// Empties this thread's OpenSSL error queue into `: reason; reason`.
    private static func drainQueue() -> String {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            reasons.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return reasons.isEmpty ? "" : ": " + reasons.joined(separator: "; ")
    }
}
