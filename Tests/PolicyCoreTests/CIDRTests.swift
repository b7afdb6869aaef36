import PolicyCore
import Testing

/// CIDR parsing and containment (Rust `ipnet` semantics: host bits may be set, a bare address is a host network).
@Suite struct CIDRTests {
    @Test(arguments: [
        ("10.0.0.0/8", "10.0.0.0/8"), ("10.1.1.5/24", "10.1.1.5/24"), ("10.1.0.2", "10.1.0.2/32"),
        ("0.0.0.0/0", "0.0.0.0/0"), ("::/0", "0:0:0:0:0:0:0:0/0"), ("::1", "0:0:0:0:0:0:0:1/128"),
        ("fd00:10::/32", "fd00:10:0:0:0:0:0:0/32"), ("2001:db8::1:2/64", "2001:db8:0:0:0:0:1:2/64"),
        ("::ffff:10.0.0.1/128", "0:0:0:0:0:ffff:a00:1/128"), ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8/128"),
        ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0/128"), ("::", "0:0:0:0:0:0:0:0/128"), ("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304/128"),
        ("FD00::AbC/8", "fd00:0:0:0:0:0:0:abc/8"), ("0.0.0.0", "0.0.0.0/32"), ("255.255.255.255/32", "255.255.255.255/32"),
    ])
    func validCIDRParses(_ text: String, _ printed: String) throws {
        let cidr = try #require(CIDR(text))
        #expect(cidr.description == printed)
    }

    @Test(arguments: [
        "", "192.168.1.0/33", "::/129", "10.0.0/8", "10.0.0.256", "010.0.0.1", "10.0.0.0/", "10.0.0.0/-1",
        "10.0.0.0/+8", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "g::1", "10.0.0.0/8/8", "fe80::1%eth0", " 10.0.0.1",
        ":::", "1:2:3:4:5:6:7:", ":1:2:3:4:5:6:7", "1.2.3.4::", "::1.2.3", "1:2:3:4:5:6:7:8::", "00.1.2.3", "1.2.3.4.",
        ".1.2.3.4", "1..2.3", "::ffff:1.2.3.04", "1:2:3:4:5:6:1.2.3.4:8",
    ])
    func invalidCIDRIsRejected(_ text: String) {
        #expect(CIDR(text) == nil)
    }

    @Test(arguments: [
        ("10.1.1.0/24", "10.1.1.0/28", true), ("10.1.1.0/24", "10.1.1.3", true), ("10.1.1.0/24", "10.1.2.0/24", false),
        ("10.1.1.0/24", "10.1.0.0/16", false), ("10.42.0.0/16", "10.42.0.0/16", true), ("10.1.1.5/24", "10.1.1.0/28", true),
        ("0.0.0.0/0", "192.168.0.0/16", true), ("::/0", "fd00::/8", true), ("2001:db8::/32", "2001:db9::/48", false),
        ("10.0.0.0/8", "::1", false), ("::/0", "10.0.0.0/8", false),
    ])
    func containment(_ outer: String, _ inner: String, _ expected: Bool) throws {
        let outerCIDR = try #require(CIDR(outer))
        let innerCIDR = try #require(CIDR(inner))
        #expect(outerCIDR.contains(innerCIDR) == expected)
    }

    @Test(arguments: ["10.0.0.0/8", "0.0.0.0/0", "::/0", "fd00:10::/32", "192.168.1.7", "::1"])
    func cidrContainsItself(_ text: String) throws {
        let cidr = try #require(CIDR(text))
        #expect(cidr.contains(cidr))
    }
}
