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

    /// Parses `address/prefix` or a bare address; nil for anything else, or a prefix past the family's width.
    package init?(_ text: String) {
        let bytes = Array(text.utf8)
        let slash = bytes.firstIndex(of: UInt8(ascii: "/"))
        guard let address = IPAddress(bytes: bytes[..<(slash ?? bytes.endIndex)]) else { return nil }
        var prefixLength = address.family.bitWidth
        if let slash {
            let digits = bytes[(slash + 1)...]
            guard (1...3).contains(digits.count), digits.allSatisfy(ASCII.isDigit) else { return nil }
            let parsed = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            guard parsed <= address.family.bitWidth else { return nil }
            prefixLength = parsed
        }
        self.init(address: address, prefixLength: prefixLength)
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
