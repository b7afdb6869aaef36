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

    /// Dot-separated lowercase labels, `[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*`.
    package static func isLowercaseDottedLabels(_ bytes: some BidirectionalCollection<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return false }
        return bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
            .allSatisfy { Self.isLowercaseLabelShape($0) }
    }
}
