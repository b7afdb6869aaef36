/// Byte-level character classes and name shapes shared by the label, DNS, port and identity checks.
///
/// Hand-written instead of `Regex` so that validating a typical object stays in the low microseconds.
package enum CharacterRules {
    /// `a-z`.
    @inline(__always)
    package static func isLowerLetter(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }

    /// `A-Z`.
    @inline(__always)
    package static func isUpperLetter(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }

    /// The byte with `A-Z` folded to `a-z`.
    @inline(__always)
    package static func asciiLowercase(_ byte: UInt8) -> UInt8 { Self.isUpperLetter(byte) ? byte + 32 : byte }

    /// `0-9`.
    @inline(__always)
    package static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// `A-Za-z0-9`.
    @inline(__always)
    package static func isAlphanumeric(_ byte: UInt8) -> Bool {
        Self.isLowerLetter(byte) || Self.isUpperLetter(byte) || Self.isDigit(byte)
    }

    /// `a-z0-9`.
    @inline(__always)
    package static func isLowerAlphanumeric(_ byte: UInt8) -> Bool { Self.isLowerLetter(byte) || Self.isDigit(byte) }

    /// A DNS-1123 label without its length limit: `[a-z0-9]([-a-z0-9]*[a-z0-9])?`.
    package static func isLowercaseLabelShape(_ bytes: some BidirectionalCollection<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        guard Self.isLowerAlphanumeric(first), Self.isLowerAlphanumeric(last) else { return false }
        return bytes.allSatisfy { Self.isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// Dot-separated lowercase labels, `[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*`; with
    /// `allowsLeadingWildcard`, the first label may instead be `*`. One pass, no allocation.
    package static func isLowercaseDottedLabels(
        _ bytes: some Collection<UInt8>, allowsLeadingWildcard: Bool = false
    ) -> Bool {
        var labelLength = 0
        var previous: UInt8 = 0
        var isFirstLabel = true
        var isWildcard = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard labelLength > 0, isWildcard || previous != UInt8(ascii: "-") else { return false }
                labelLength = 0
                isFirstLabel = false
                isWildcard = false
            } else if byte == UInt8(ascii: "*") {
                guard allowsLeadingWildcard, isFirstLabel, labelLength == 0 else { return false }
                isWildcard = true
                labelLength = 1
            } else {
                guard !isWildcard else { return false }
                if byte == UInt8(ascii: "-") {
                    guard labelLength > 0 else { return false }
                } else if !Self.isLowerAlphanumeric(byte) {
                    return false
                }
                labelLength += 1
            }
            previous = byte
        }
        return labelLength > 0 && (isWildcard || previous != UInt8(ascii: "-"))
    }
}
