import PolicyCore
import Testing

/// `RustText` against the Rust standard library it stands in for.
@Suite struct RustTextTests {
    /// Every scalar Rust 1.95's `char::is_whitespace` accepts, listed by running it over all of Unicode.
    static let rustWhitespace: Set<UInt32> = [
        0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,
        0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
    ]

    @Test func whitespaceIsExactlyRustsWhiteSpaceSet() {
        var mismatches: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if RustText.isWhitespace(scalar) != Self.rustWhitespace.contains(value) { mismatches.append(value) }
        }
        #expect(mismatches == [])
    }

    /// (text, what `str::trim` leaves).
    @Test(arguments: [
        ("", ""), ("   ", ""), (" a ", "a"), ("\u{00A0}a b\u{3000}", "a b"), ("\u{200B}a\u{200B}", "\u{200B}a\u{200B}"),
        ("\r\na\u{2028}", "a"), ("a\u{FEFF}", "a\u{FEFF}"),
    ])
    func trimStripsWhiteSpaceAtBothEndsOnly(_ text: String, _ trimmed: String) {
        #expect(String(RustText.trimmed(Substring(text))) == trimmed)
    }

    /// (text, maximum, what `str::parse` gives).
    @Test(arguments: [
        ("0", UInt64(UInt16.max), UInt64?(0)), ("+7", UInt64(UInt16.max), 7), ("-0", UInt64(UInt16.max), nil),
        ("+", UInt64(UInt16.max), nil), ("", UInt64(UInt16.max), nil), ("65535", UInt64(UInt16.max), 65_535),
        ("65536", UInt64(UInt16.max), nil), ("4294967295", UInt64(UInt32.max), 4_294_967_295),
        ("4294967296", UInt64(UInt32.max), nil), ("18446744073709551615", UInt64.max, UInt64.max),
        ("18446744073709551616", UInt64.max, nil), ("000000000000000000000000042", UInt64(UInt16.max), 42),
    ])
    func unsignedParsesAsRustParsesUnsignedIntegers(_ text: String, _ maximum: UInt64, _ value: UInt64?) {
        #expect(RustText.unsigned(Substring(text), maximum: maximum) == value)
    }

    /// (text, pieces of `split(',')`).
    @Test(arguments: [
        ("", [""]), (",", ["", ""]), ("a, b", ["a", " b"]), ("a,\u{0301}b", ["a", "\u{0301}b"]),
    ])
    func splitKeepsEmptyPiecesAndWhitespace(_ text: String, _ pieces: [String]) {
        #expect(RustText.split(text, on: ",").map(String.init) == pieces)
    }
}
