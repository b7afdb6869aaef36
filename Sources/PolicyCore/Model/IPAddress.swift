import ByteText

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
        let bytes = Array(text.utf8)
        self.init(bytes: bytes[...])
    }

    /// Parses the UTF-8 of an address (the byte-level parser behind every form). `allowsLeadingZeros` admits IPv4
    /// octets such as `010` (read as decimal), as the `ipnet` crate does in the address part of `address/prefix`;
    /// Rust's own `IpAddr` parser, which reads bare addresses, refuses them.
    init?(bytes: ArraySlice<UInt8>, allowsLeadingZeros: Bool = false) {
        if bytes.contains(UInt8(ascii: ":")) {
            guard let bits = Self.parseIPv6(bytes, allowsLeadingZeros: allowsLeadingZeros) else { return nil }
            self.init(family: .ipv6, bits: bits)
        } else {
            guard let bits = Self.parseIPv4(bytes, allowsLeadingZeros: allowsLeadingZeros) else { return nil }
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

    /// Four decimal octets, each 0-255 in 1-3 digits, without a leading zero (unless it is `0`) when
    /// `allowsLeadingZeros` is false.
    private static func parseIPv4(_ bytes: ArraySlice<UInt8>, allowsLeadingZeros: Bool) -> UInt32? {
        var value: UInt32 = 0
        var octets = 0
        var current = 0
        var digits = 0
        var startsWithZero = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, octets < 3 else { return nil }
                value = value << 8 | UInt32(current)
                octets += 1
                current = 0
                digits = 0
                continue
            }
            guard ASCII.isDigit(byte), digits < 3, allowsLeadingZeros || !(startsWithZero && digits == 1) else {
                return nil
            }
            if digits == 0 { startsWithZero = byte == UInt8(ascii: "0") }
            current = current * 10 + Int(byte - UInt8(ascii: "0"))
            guard current <= 255 else { return nil }
            digits += 1
        }
        guard digits > 0, octets == 3 else { return nil }
        return value << 8 | UInt32(current)
    }

    /// RFC 4291 section 2.2 text: eight groups of 1-4 hex digits, at most one `::`, optionally ending in IPv4.
    private static func parseIPv6(_ bytes: ArraySlice<UInt8>, allowsLeadingZeros: Bool) -> UInt128? {
        var compression: Int?
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            if bytes[index] == UInt8(ascii: ":") && bytes[index + 1] == UInt8(ascii: ":") {
                guard compression == nil else { return nil }
                compression = index
                index += 2
                continue
            }
            index += 1
        }
        guard let compression else {
            guard let groups = Self.parseGroups(bytes, allowsIPv4Tail: true, allowsLeadingZeros: allowsLeadingZeros), groups.count == 8 else { return nil }
            return groups.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
        }
        guard let head = Self.parseGroups(
            bytes[bytes.startIndex..<compression], allowsIPv4Tail: false, allowsLeadingZeros: allowsLeadingZeros
        ),
            let tail = Self.parseGroups(
                bytes[(compression + 2)...], allowsIPv4Tail: true, allowsLeadingZeros: allowsLeadingZeros
            ),
            head.count + tail.count <= 7
        else { return nil }
        let groups = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        return groups.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }

    /// Colon-separated hex groups (empty text gives none); a final dotted IPv4 part counts as two groups.
    private static func parseGroups(
        _ bytes: ArraySlice<UInt8>, allowsIPv4Tail: Bool, allowsLeadingZeros: Bool
    ) -> [UInt16]? {
        guard !bytes.isEmpty else { return [] }
        var groups: [UInt16] = []
        var start = bytes.startIndex
        while true {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: ":")) ?? bytes.endIndex
            let part = bytes[start..<end]
            if end == bytes.endIndex, allowsIPv4Tail, part.contains(UInt8(ascii: ".")) {
                guard let ipv4 = Self.parseIPv4(part, allowsLeadingZeros: allowsLeadingZeros) else { return nil }
                groups.append(UInt16(ipv4 >> 16))
                groups.append(UInt16(ipv4 & 0xFFFF))
                return groups
            }
            guard (1...4).contains(part.count) else { return nil }
            var group: UInt16 = 0
            for byte in part {
                guard let digit = Self.hexValue(byte) else { return nil }
                group = group << 4 | UInt16(digit)
            }
            groups.append(group)
            guard end < bytes.endIndex else { return groups }
            start = end + 1
        }
    }

    /// The value of a hex digit, or nil.
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        if ASCII.isDigit(byte) { return byte - UInt8(ascii: "0") }
        if byte >= 0x61 && byte <= 0x66 { return byte - 0x61 + 10 }
        if byte >= 0x41 && byte <= 0x46 { return byte - 0x41 + 10 }
        return nil
    }
}
