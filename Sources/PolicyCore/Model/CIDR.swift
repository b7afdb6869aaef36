import ByteText

/// An IP network written `address/prefix` or as a bare address (a host network), with containment.
///
/// Host bits may be set (`10.1.1.5/24` is the network `10.1.1.0/24`), as Linkerd's `ipnet`-based `Cidr` parses
/// it. Mirrors linkerd2 `k8s/api` `Network`/`Cidr` and `ipnet::IpNet::contains`.
package struct CIDR: Sendable, Hashable, CustomStringConvertible {
    package var address: IPAddress
    package var prefixLength: Int

    package init(address: IPAddress, prefixLength: Int) {
        self.address = address
        self.prefixLength = prefixLength
    }

    /// Parses `address/prefix` or a bare address; nil where Linkerd refuses the text.
    ///
    /// Linkerd's `Cidr` is serde-untagged `Addr(std::net::IpAddr) | Net(ipnet::IpNet)` (linkerd2
    /// `k8s/api/src/policy/network.rs`), so the two forms follow two grammars: a bare address is Rust's `IpAddr`
    /// (no leading zeros in IPv4 octets), while `address/prefix` is `ipnet`'s parser (`IpNet::from_str`): IPv4 octets
    /// may have leading zeros (`010.0.0.0/8` is `10.0.0.0/8`), and the prefix is 1-2 decimal digits up to 32 for
    /// IPv4 and 1-3 digits up to 128 for IPv6 (`/08` is fine, `/008` is not).
    package init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")) else {
            guard let address = IPAddress(bytes: bytes[...]) else { return nil }
            self.init(address: address, prefixLength: address.family.bitWidth)
            return
        }
        guard let address = IPAddress(bytes: bytes[..<slash], allowsLeadingZeros: true) else { return nil }
        let digits = bytes[(slash + 1)...]
        let maximumDigits = address.family == .ipv4 ? 2 : 3
        guard (1...maximumDigits).contains(digits.count), digits.allSatisfy(ASCII.isDigit) else { return nil }
        let prefixLength = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        guard prefixLength <= address.family.bitWidth else { return nil }
        self.init(address: address, prefixLength: prefixLength)
    }

    /// True when `text` is `address/prefix` with an IPv4 octet written with a leading zero (`010.0.0.0/8`): Linkerd
    /// reads it as decimal, where `inet_aton` and tools built on it read `010` as octal 8.
    package static func hasLeadingZeroOctet(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")) else { return false }
        let address = bytes[..<slash]
        let dottedStart = (address.lastIndex(of: UInt8(ascii: ":")).map { $0 + 1 }) ?? address.startIndex
        let dotted = address[dottedStart...]
        guard dotted.contains(UInt8(ascii: ".")) else { return false }
        return dotted.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
            .contains { $0.count > 1 && $0.first == UInt8(ascii: "0") }
    }

    package var family: IPAddress.Family { self.address.family }

    /// The network bits: the address with its host bits cleared.
    package var networkBits: UInt128 { self.address.bits & Self.mask(self.prefixLength, width: self.family.bitWidth) }

    /// True when every address of `other` is in this network (same family, prefix at least as long, same network).
    package func contains(_ other: CIDR) -> Bool {
        guard self.family == other.family, other.prefixLength >= self.prefixLength else { return false }
        let mask = Self.mask(self.prefixLength, width: self.family.bitWidth)
        return other.address.bits & mask == self.networkBits
    }

    package var description: String { "\(self.address)/\(self.prefixLength)" }

    /// The mask of `prefix` leading one bits in a `width`-bit field, right-aligned in 128 bits.
    private static func mask(_ prefix: Int, width: Int) -> UInt128 {
        guard prefix > 0 else { return 0 }
        let all: UInt128 = width == 128 ? .max : (UInt128(1) << UInt128(width)) - 1
        return all & ~((UInt128(1) << UInt128(width - prefix)) - 1) & all
    }
}
