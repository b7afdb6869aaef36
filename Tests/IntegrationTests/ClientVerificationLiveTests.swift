import NetIO
import Testing

/// The product's TLS client (`ClientConnection`, which the API server client uses) verifies the server it reaches:
/// a DNS name against DNS SANs, an IP literal against IP SANs (and never as SNI), and refuses anything else.
struct ClientVerificationLiveTests {
    /// Connects to the live webhook trusting the test CA, checking the certificate for `serverName`.
    static func connect(_ live: LiveServer, serverName: String?) throws -> BlockingClient {
        try BlockingClient(
            connectingTo: live.addresses.webhook, tls: TLSContext(clientTrusting: live.certs.caPath),
            serverName: serverName, timeout: .seconds(5)
        )
    }

    @Test(arguments: ["localhost", "127.0.0.1"])
    func acceptsAServerWhoseCertificateCarriesTheName(_ serverName: String) async throws {
        let live = try LiveServer()
        let client = try Self.connect(live, serverName: serverName)
        try client.send(Requests.post(Requests.review))
        #expect(try client.readResponse().status == 200)
        try await live.stop()
    }

    /// With no name given, the host connected to (here the IP literal `127.0.0.1`) is the name checked.
    @Test func checksTheHostConnectedToWhenNoNameIsGiven() async throws {
        let live = try LiveServer()
        let client = try Self.connect(live, serverName: nil)
        try client.send(Requests.post(Requests.review))
        #expect(try client.readResponse().status == 200)
        try await live.stop()
    }

    @Test(arguments: ["other.example", "127.0.0.2"])
    func rejectsAServerWhoseCertificateDoesNotCarryTheName(_ serverName: String) async throws {
        let live = try LiveServer()
        #expect(throws: TLSError.handshake()) { _ = try Self.connect(live, serverName: serverName) }
        try await live.stop()
    }
}
