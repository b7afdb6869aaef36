import NetIO
import Testing

/// `--server-addr` and `--admin-addr` parsing.
struct SocketAddressTests {
    @Test(arguments: [
        ("[::]:9443", "[::]:9443"),
        ("0.0.0.0:9990", "0.0.0.0:9990"),
        ("127.0.0.1:0", "127.0.0.1:0"),
        ("localhost:8080", "127.0.0.1:8080"),
        (":9443", "[::]:9443"),
        ("[::1]:1", "[::1]:1"),
    ])
    func addressParses(_ text: String, _ expected: String) throws {
        #expect(try SocketAddress(parsing: text).description == expected)
    }

    @Test(arguments: ["9443", "[::]", "example.com:80", "1.2.3.4:70000", "1.2.3.4:-1", "::1:80x"])
    func invalidAddressFails(_ text: String) {
        #expect(throws: SystemCallError.self) { try SocketAddress(parsing: text) }
    }
}
