/// An IPv4 or IPv6 address, parsed by hand (no Foundation, no libc): the bits and the family.
///
/// IPv4 follows Rust's `Ipv4Addr` parser (four decimal octets, no leading zeros), IPv6 RFC 4291 text form with
/// `::` compression and an optional trailing dotted IPv4 part. Zone identifiers (`%eth0`) are not addresses here.
package struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address family.
    package enum Family: Sendable, Hashable {
        case ipv4
        case ipv6

        /// 32 or 128.
        package var bitWidth: Int { self == .ipv4 ? 32 : 128 }

        /// `IPv4` or `IPv6`.
        package var name: String { self == .ipv4 ? "IPv4" : "IPv6" }
    }

    package var family: Family
    /// The address bits, right-aligned (an IPv4 address uses the low 32 bits).
    package var bits: UInt128

    package init(family: Family, bits: UInt128) {
        self.family = family
        self.bits = bits
    }

    /// Parses a textual IPv4 or IPv6 address; nil when it is neither.
    package init?(_ text: Substring) {
        if text.contains(":") {
            guard let bits = Self.parseIPv6(text) else { return nil }
            self.init(family: .ipv6, bits: bits)
        } else {
            guard let bits = Self.parseIPv4(text) else { return nil }
            self.init(family: .ipv4, bits: UInt128(bits))
        }
    }

    package var description: String {
        switch self.family {
        case .ipv4:
            let value = UInt32(truncatingIfNeeded: self.bits)
            return "\(value >> 24).\((value >> 16) & 0xFF).\((value >> 8) & 0xFF).\(value & 0xFF)"
        case .ipv6:
            var groups: [String] = []
            for shift in stride(from: 112, through: 0, by: -16) {
                groups.append(String(UInt16(truncatingIfNeeded: self.bits >> UInt128(shift)), radix: 16))
            }
            return groups.joined(separator: ":")
        }
    }

    /// Four decimal octets without leading zeros.
    private static func parseIPv4(_ text: Substring) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard let octet = Self.parseOctet(part) else { return nil }
            value = value << 8 | UInt32(octet)
        }
        return value
    }

    /// One decimal octet, 0-255, 1-3 digits, no leading zero unless it is `0`.
    private static func parseOctet(_ text: Substring) -> UInt8? {
        let bytes = text.utf8
        guard (1...3).contains(bytes.count), bytes.allSatisfy(CharacterRules.isDigit) else { return nil }
        if bytes.count > 1 && bytes.first == UInt8(ascii: "0") { return nil }
        var value = 0
        for byte in bytes { value = value * 10 + Int(byte - UInt8(ascii: "0")) }
        return value <= 255 ? UInt8(value) : nil
    }

    /// RFC 4291 section 2.2 text: eight groups of 1-4 hex digits, at most one `::`, optionally ending in IPv4.
    private static func parseIPv6(_ text: Substring) -> UInt128? {
        let halves = text.split(separator: "::", maxSplits: 1, omittingEmptySubsequences: false)
        guard let head = halves.first else { return nil }
        if halves.count == 2, halves[1].contains("::") { return nil }
        guard let headGroups = Self.parseGroups(head, allowsIPv4Tail: halves.count == 1) else { return nil }
        var groups = headGroups
        if halves.count == 2 {
            guard let tailGroups = Self.parseGroups(halves[1], allowsIPv4Tail: true) else { return nil }
            guard groups.count + tailGroups.count <= 7 else { return nil }
            groups += Array(repeating: 0, count: 8 - groups.count - tailGroups.count) + tailGroups
        }
        guard groups.count == 8 else { return nil }
        return groups.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }

    /// Colon-separated hex groups (empty text gives none); a final dotted IPv4 part counts as two groups.
    private static func parseGroups(_ text: Substring, allowsIPv4Tail: Bool) -> [UInt16]? {
        guard !text.isEmpty else { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var groups: [UInt16] = []
        for (index, part) in parts.enumerated() {
            if index == parts.count - 1, allowsIPv4Tail, part.contains(".") {
                guard let ipv4 = Self.parseIPv4(part) else { return nil }
                groups.append(UInt16(ipv4 >> 16))
                groups.append(UInt16(ipv4 & 0xFFFF))
                continue
            }
            guard (1...4).contains(part.utf8.count), let group = UInt16(part, radix: 16) else { return nil }
            guard part.utf8.allSatisfy({ CharacterRules.isDigit($0) || Self.isHexLetter($0) }) else { return nil }
            groups.append(group)
        }
        return groups
    }

    /// `a-f`, `A-F`.
    private static func isHexLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
    }
}
