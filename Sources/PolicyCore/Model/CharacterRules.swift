import ByteText

/// Name shapes shared by the label, DNS, port and identity checks, on UTF-8 bytes (the byte classes are
/// ByteText's `ASCII`).
///
/// Hand-written instead of `Regex`: a Regex match costs far more than one pass over a short name.
package enum CharacterRules {
    /// A DNS-1123 label without its length limit: `[a-z0-9]([-a-z0-9]*[a-z0-9])?`.
    package static func isLowercaseLabelShape(_ bytes: some BidirectionalCollection<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        guard ASCII.isLowerAlphanumeric(first), ASCII.isLowerAlphanumeric(last) else { return false }
        return bytes.allSatisfy { ASCII.isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
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
                } else if !ASCII.isLowerAlphanumeric(byte) {
                    return false
                }
                labelLength += 1
            }
            previous = byte
        }
        return labelLength > 0 && (isWildcard || previous != UInt8(ascii: "-"))
    }
}
