import TestSupport
import COpenSSL
import NetIO
import Testing

/// Two in-memory TLS peers handshake through their memory BIOs, with no socket.
struct TLSConnectionTests {
    /// Moves ciphertext between the peers until both finish the handshake (or one fails).
    static func handshake(client: TLSConnection, server: TLSConnection) -> (TLSConnection.HandshakeResult, TLSConnection.HandshakeResult) {
        var clientResult = client.handshake()
        var serverResult = TLSConnection.HandshakeResult.incomplete
        for _ in 0..<10 {
            var wire: [UInt8] = []
            client.takeCiphertext(into: &wire)
            wire.withUnsafeBytes { server.receive($0) }
            serverResult = server.handshake()
            wire = []
            server.takeCiphertext(into: &wire)
            wire.withUnsafeBytes { client.receive($0) }
            if clientResult != .complete { clientResult = client.handshake() }
            if clientResult == .complete && serverResult == .complete { break }
            if case .failed = clientResult { break }
            if case .failed = serverResult { break }
        }
        return (clientResult, serverResult)
    }

    @Test(arguments: TestCertificates.KeyType.allCases)
    func peersNegotiateTLS13WithALPNAndExchangeData(_ type: TestCertificates.KeyType) throws {
        let certs = try TestCertificates(type)
        let server = try TLSConnection(
            context: TLSContext(server: TLSConfiguration(certificateChainPath: certs.certificatePath, privateKeyPath: certs.keyPath))
        )
        let client = try TLSConnection(context: TLSContext(clientTrusting: certs.caPath), isServer: false, serverName: "localhost")
        let (clientResult, serverResult) = Self.handshake(client: client, server: server)
        #expect(clientResult == .complete)
        #expect(serverResult == .complete)
        #expect(server.protocolVersion == "TLSv1.3")
        #expect(server.negotiatedALPN == "http/1.1")

        _ = Array("ping".utf8).withUnsafeBytes { client.write($0) }
        var wire: [UInt8] = []
        client.takeCiphertext(into: &wire)
        wire.withUnsafeBytes { server.receive($0) }
        var plaintext: [UInt8] = []
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1024, alignment: 1)
        defer { scratch.deallocate() }
        #expect(server.readPlaintext(scratch: scratch) { plaintext += $0 } == .incomplete)
        #expect(String(decoding: plaintext, as: UTF8.self) == "ping")
    }

    @Test func serverRefusesTLS11() throws {
        let certs = try TestCertificates()
        let server = try TLSConnection(
            context: TLSContext(server: TLSConfiguration(certificateChainPath: certs.certificatePath, privateKeyPath: certs.keyPath))
        )
        let old = try TLSContext(clientTrusting: certs.caPath, minimumVersion: TLS1_VERSION, maximumVersion: TLS1_1_VERSION)
        let client = try TLSConnection(context: old, isServer: false, serverName: "localhost")
        let (_, serverResult) = Self.handshake(client: client, server: server)
        guard case .failed = serverResult else {
            Issue.record("TLS 1.1 handshake was not refused: \(serverResult)")
            return
        }
    }

    @Test func mismatchedKeyIsAConfigurationError() throws {
        let first = try TestCertificates()
        let second = try TestCertificates()
        #expect(throws: TLSError.configuration("")) {
            try TLSContext(server: TLSConfiguration(certificateChainPath: first.certificatePath, privateKeyPath: second.keyPath))
        }
    }
}
