import ByteText

/// The few Rust standard-library text operations Linkerd's annotation parsers are built from, with Rust's exact
/// semantics, so that our verdicts follow theirs byte for byte.
///
/// - `str::trim` strips every scalar with the Unicode `White_Space` property (`char::is_whitespace`), not only spaces.
/// - `str::parse::<u16|u32|u64>` takes one optional leading `+`, then one or more ASCII digits (leading zeros are
///   fine), and fails on `-`, on an empty string, on a lone `+`, on any other character and on overflow.
/// - `str::eq_ignore_ascii_case` folds only `A-Z`: ByteText's `equalsIgnoringASCIICase` does the same.
package enum RustText {
    /// True for a scalar Rust's `char::is_whitespace` accepts (Unicode `White_Space`): tab, line feed, vertical tab,
    /// form feed, carriage return, space, U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F and
    /// U+3000. Zero-width space (U+200B) and U+FEFF are not whitespace.
    package static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// `text` without leading and trailing whitespace, as Rust's `str::trim` returns it.
    package static func trimmed(_ text: Substring) -> Substring {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !Self.isWhitespace($0) }),
            let last = scalars.lastIndex(where: { !Self.isWhitespace($0) })
        else { return text[text.endIndex...] }
        return Substring(scalars[first...last])
    }

    /// The value of `text` read as Rust's `str::parse` reads an unsigned integer no larger than `maximum`, or nil
    /// where Rust returns an error.
    package static func unsigned(_ text: Substring, maximum: UInt64) -> UInt64? {
        var digits = text.utf8[...]
        if digits.first == UInt8(ascii: "+") { digits = digits.dropFirst() }
        guard !digits.isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            guard ASCII.isDigit(byte) else { return nil }
            let (times, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflowA, !overflowB, sum <= maximum else { return nil }
            value = sum
        }
        return value
    }

    /// The pieces of `text` between each `separator` byte, empty pieces and surrounding whitespace kept, as Rust's
    /// `str::split(char)` yields them. Splits on bytes: Swift's `Character` view would keep a `,` followed by a
    /// combining mark together, where Rust splits.
    package static func split(_ text: String, on separator: Unicode.Scalar) -> [Substring] {
        let byte = UInt8(ascii: separator)
        return text.utf8.split(separator: byte, omittingEmptySubsequences: false).map { Substring($0) }
    }
}
