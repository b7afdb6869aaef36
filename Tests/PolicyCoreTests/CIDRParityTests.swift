import PolicyCore
import Testing

/// `CIDR` against Linkerd's `Cidr`, row by row: (text, what Linkerd reads, printed `address/prefix` with host bits kept as `ipnet` prints it, nil
/// where it refuses the text). Linkerd's `Cidr` (linkerd2 `policy-controller/k8s/api/src/policy/network.rs`) is
/// serde-untagged `Addr(std::net::IpAddr) | Net(ipnet::IpNet)`: a bare address is read by Rust's
/// `IpAddr::from_str`, `address/prefix` by `ipnet` 2.12 `src/parser.rs` (`read_ip_net`, `read_ipv4_net`,
/// `read_ipv6_net`, `read_number`).
@Suite struct CIDRParityTests {
    static let rows: [(String, String?)] = [
        // Bare addresses: std IpAddr, no leading zeros in octets, no whitespace, no zone.
        ("10.0.0.1", "10.0.0.1/32"),  // network.rs:Cidr::Addr, IpAddr::from_str
        ("010.0.0.1", nil),  // network.rs:Cidr::Addr, IpAddr::from_str refuses leading zeros; no "/" for ipnet
        ("10.0.0.01", nil),  // network.rs:Cidr::Addr, IpAddr::from_str refuses leading zeros
        ("::ffff:010.0.0.1", nil),  // network.rs:Cidr::Addr, IpAddr::from_str refuses them in embedded IPv4 too
        ("::0001", "0:0:0:0:0:0:0:1/128"),  // network.rs:Cidr::Addr, IPv6 groups of up to 4 hex digits
        ("::00001", nil),  // network.rs:Cidr::Addr, 5 hex digits
        ("FD00::1", "fd00:0:0:0:0:0:0:1/128"),  // network.rs:Cidr::Addr, hex digits of either case
        ("fe80::1%eth0", nil),  // network.rs:Cidr::Addr, no zone identifiers
        (" 10.0.0.1", nil),  // network.rs:Cidr::Addr, no trimming
        ("10.0.0.1\n", nil),  // network.rs:Cidr::Addr, no trimming
        ("\u{00A0}10.0.0.1", nil),  // network.rs:Cidr::Addr, no trimming
        ("+10.0.0.1", nil),  // network.rs:Cidr::Addr, no signs
        // address/prefix: ipnet, whose octets may carry leading zeros (1-3 digits below 256).
        ("010.0.0.0/8", "10.0.0.0/8"),  // ipnet parser.rs:read_ipv4_addr, read_number(10, 3, 0x100)
        ("10.000.0.0/16", "10.0.0.0/16"),  // ipnet parser.rs:read_ipv4_addr, read_number(10, 3, 0x100)
        ("0010.0.0.0/8", nil),  // ipnet parser.rs:read_ipv4_addr, a fourth digit
        ("256.0.0.0/8", nil),  // ipnet parser.rs:read_ipv4_addr, octet below 0x100
        ("::ffff:010.0.0.1/128", "0:0:0:0:0:ffff:a00:1/128"),  // ipnet parser.rs:read_ipv6_addr, embedded IPv4
        // Prefixes: IPv4 1-2 digits up to 32, IPv6 1-3 digits up to 128.
        ("10.0.0.0/08", "10.0.0.0/8"),  // ipnet parser.rs:read_ipv4_net, read_number(10, 2, 33)
        ("10.0.0.0/00", "10.0.0.0/0"),  // ipnet parser.rs:read_ipv4_net, read_number(10, 2, 33)
        ("10.0.0.0/008", nil),  // ipnet parser.rs:read_ipv4_net, a third digit
        ("10.0.0.0/032", nil),  // ipnet parser.rs:read_ipv4_net, a third digit
        ("10.0.0.0/33", nil),  // ipnet parser.rs:read_ipv4_net, below 33
        ("::/064", "0:0:0:0:0:0:0:0/64"),  // ipnet parser.rs:read_ipv6_net, read_number(10, 3, 129)
        ("::/000", "0:0:0:0:0:0:0:0/0"),  // ipnet parser.rs:read_ipv6_net, read_number(10, 3, 129)
        ("::/0128", nil),  // ipnet parser.rs:read_ipv6_net, a fourth digit
        ("::/129", nil),  // ipnet parser.rs:read_ipv6_net, below 129
        ("10.0.0.0/+8", nil),  // ipnet parser.rs:read_number, digits only
        ("10.0.0.0/", nil),  // ipnet parser.rs:read_number, at least one digit
        ("10.0.0.0 /8", nil),  // ipnet parser.rs:read_given_char('/'), no whitespace
        ("10.0.0.0/8 ", nil),  // ipnet parser.rs:read_till_eof, no trailing text
        (" 10.0.0.0/8", nil),  // ipnet parser.rs:read_ipv4_addr, no leading whitespace
    ]

    @Test(arguments: rows)
    func cidrParsesAsLinkerdDoes(_ text: String, _ linkerd: String?) {
        #expect(CIDR(text)?.description == linkerd, "\(text.debugDescription)")
    }

    @Test(arguments: [
        ("010.0.0.0/8", true), ("10.000.0.0/16", true), ("::ffff:010.0.0.1/128", true), ("10.0.0.0/08", false),
        ("10.0.0.0/8", false), ("0.0.0.0/0", false), ("10.0.0.1", false), ("fd00::10/64", false),
    ])
    func leadingZeroOctetIsDetectedOnlyInTheAddress(_ text: String, _ hasLeadingZero: Bool) {
        #expect(CIDR.hasLeadingZeroOctet(text) == hasLeadingZero)
    }
}
