import TestSupport
import COpenSSL
import NetIO
import Testing

/// Two in-memory TLS peers handshake through their byte-queue BIOs, with no socket.
struct TLSConnectionTests {
    /// Moves ciphertext between the peers until both finish the handshake (or one fails).
    static func handshake(client: TLSConnection, server: TLSConnection) -> (TLSConnection.HandshakeResult, TLSConnection.HandshakeResult) {
        var clientResult = client.handshake()
        var serverResult = TLSConnection.HandshakeResult.incomplete
        for _ in 0..<10 {
            var wire: [UInt8] = []
            client.takeCiphertext(into: &wire)
            _ = wire.withUnsafeBytes { server.receive($0) }
            serverResult = server.handshake()
            wire = []
            server.takeCiphertext(into: &wire)
            _ = wire.withUnsafeBytes { client.receive($0) }
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
        #expect(wire.withUnsafeBytes { server.receive($0) })
        var plaintext: [UInt8] = []
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1024, alignment: 1)
        defer { scratch.deallocate() }
        #expect(server.readPlaintext(scratch: scratch) { plaintext += $0 } == .incomplete)
        #expect(String(decoding: plaintext, as: UTF8.self) == "ping")
    }

    /// Two peers that finished their handshake.
    static func connectedPair() throws -> (client: TLSConnection, server: TLSConnection) {
        let certs = try TestCertificates()
        let server = try TLSConnection(
            context: TLSContext(server: TLSConfiguration(certificateChainPath: certs.certificatePath, privateKeyPath: certs.keyPath))
        )
        let client = try TLSConnection(context: TLSContext(clientTrusting: certs.caPath), isServer: false, serverName: "localhost")
        let (clientResult, serverResult) = Self.handshake(client: client, server: server)
        #expect(clientResult == .complete && serverResult == .complete)
        return (client, server)
    }

    /// The ciphertext of `messages`, one TLS record each, as the client sends them.
    static func records(_ messages: [String], from client: TLSConnection) -> [UInt8] {
        var wire: [UInt8] = []
        for message in messages {
            #expect(Array(message.utf8).withUnsafeBytes { client.write($0) })
            client.takeCiphertext(into: &wire)
        }
        return wire
    }

    @Test func lentCiphertextIsReadInPlace() throws {
        let (client, server) = try Self.connectedPair()
        let wire = Self.records(["GET / HTTP/1.1\r\n", "Host: a\r\n\r\n"], from: client)
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1024, alignment: 1)
        defer { scratch.deallocate() }
        var plaintext: [UInt8] = []
        let result = wire.withUnsafeBytes { bytes in
            server.lending(bytes) { server.readPlaintext(scratch: scratch) { plaintext += $0 } }
        }
        #expect(result == .incomplete)
        #expect(String(decoding: plaintext, as: UTF8.self) == "GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    }

    /// What OpenSSL did not read during a loan (here: nothing, then half a record) is kept, so the lender may
    /// reuse its buffer at once.
    @Test func unreadLentCiphertextIsKeptForTheNextCall() throws {
        let (client, server) = try Self.connectedPair()
        let wire = Self.records(["first", "second"], from: client)
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1024, alignment: 1)
        defer { scratch.deallocate() }
        var lent = wire
        #expect(lent.withUnsafeBytes { bytes in server.lending(bytes) {} } != nil)
        for index in lent.indices { lent[index] = 0 }  // the lender's buffer is reused

        var plaintext: [UInt8] = []
        #expect(server.readPlaintext(scratch: scratch) { plaintext += $0 } == .incomplete)
        #expect(String(decoding: plaintext, as: UTF8.self) == "firstsecond")

        // A record split across two loans: the first half waits inside OpenSSL or the queue.
        let third = Self.records(["third"], from: client)
        plaintext = []
        var half = Array(third[..<(third.count / 2)])
        let firstHalf = half.withUnsafeBytes { bytes in
            server.lending(bytes) { server.readPlaintext(scratch: scratch) { plaintext += $0 } }
        }
        for index in half.indices { half[index] = 0 }
        #expect(firstHalf == .incomplete)
        #expect(plaintext.isEmpty)
        let secondHalf = Array(third[(third.count / 2)...]).withUnsafeBytes { bytes in
            server.lending(bytes) { server.readPlaintext(scratch: scratch) { plaintext += $0 } }
        }
        #expect(secondHalf == .incomplete)
        #expect(String(decoding: plaintext, as: UTF8.self) == "third")
    }

    /// An idle session gives its buffers back and still works afterwards.
    @Test func releasedBuffersAreMadeAgainOnUse() throws {
        let (client, server) = try Self.connectedPair()
        server.releaseBuffers()
        client.releaseBuffers()
        let wire = Self.records(["after rest"], from: client)
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1024, alignment: 1)
        defer { scratch.deallocate() }
        var plaintext: [UInt8] = []
        #expect(wire.withUnsafeBytes { server.receive($0) })
        #expect(server.readPlaintext(scratch: scratch) { plaintext += $0 } == .incomplete)
        #expect(String(decoding: plaintext, as: UTF8.self) == "after rest")
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
