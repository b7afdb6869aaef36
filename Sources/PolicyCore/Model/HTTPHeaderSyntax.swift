/// HTTP header name and value syntax, as Linkerd's proxy types (Rust `http::HeaderName` and `HeaderValue`) accept it.
///
/// Names are RFC 9110 tokens (`!#$%&'*+-.^_`|~`, digits and letters; upper case is folded); values may hold any
/// byte but control characters other than tab, so a value can never smuggle a second header line.
package enum HTTPHeaderSyntax {
    /// What a header name may be, for messages.
    package static let allowedName = "an HTTP header name: letters, digits and !#$%&'*+-.^_`|~ only"
    /// What a header value may be, for messages.
    package static let allowedValue = "an HTTP header value: no control characters (CR, LF, NUL...) other than tab"

    /// True for a non-empty RFC 9110 token.
    package static func isValidName(_ name: String) -> Bool {
        guard !name.isEmpty else { return false }
        return name.utf8.allSatisfy(Self.isTokenByte)
    }

    /// True when `value` holds no control character other than horizontal tab.
    package static func isValidValue(_ value: String) -> Bool {
        value.utf8.allSatisfy { $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }
    }

    /// A `tchar` of RFC 9110 section 5.6.2.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default: return false
        }
    }
}
