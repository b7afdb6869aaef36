import Foundation
import Testing

/// The TLS policy as a stock client sees it: `openssl s_client` offering old protocol versions and weak cipher
/// suites is refused by the server (an alert, no session), and TLS 1.2 and 1.3 negotiate forward-secret AEAD
/// suites. Issue 6, "Security": TLS 1.2+ with a modern cipher list.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "needs /usr/bin/openssl"))
struct TLSPolicyLiveTests {
    /// What one `s_client` run showed.
    struct Handshake {
        var exitStatus: Int32
        var output: String
        /// The negotiated suite, or nil when no session was established.
        var cipher: String? {
            guard let line = self.output.split(separator: "\n").first(where: { $0.contains("Cipher is ") }) else { return nil }
            let name = String(line.split(separator: " ").last ?? "")
            return name == "(NONE)" ? nil : name
        }
        /// The client could not even offer the suite (the system OpenSSL has it disabled).
        var isUnavailableAtClient: Bool { self.output.contains("no cipher match") }
        /// The server answered with a TLS alert (refused), rather than the connection failing for another reason.
        var isRefusedByServer: Bool {
            self.output.contains("alert protocol version") || self.output.contains("alert handshake failure")
                || self.output.contains("no protocols available") || self.output.contains("alert insufficient security")
        }
    }

    /// Runs `openssl s_client` against the server with `arguments`, stdin closed at once.
    static func handshake(port: Int, _ arguments: [String]) throws -> Handshake {
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["s_client", "-connect", "127.0.0.1:\(port)", "-servername", "localhost"] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Handshake(exitStatus: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    @Test(arguments: [
        ["-tls1", "-cipher", "DEFAULT@SECLEVEL=0"],
        ["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"],
        ["-tls1_2", "-cipher", "RC4-SHA:@SECLEVEL=0"],
        ["-tls1_2", "-cipher", "DES-CBC3-SHA:@SECLEVEL=0"],
        ["-tls1_2", "-cipher", "AES128-GCM-SHA256"],  // static RSA key exchange: no forward secrecy
        ["-tls1_2", "-cipher", "AES256-SHA256"],
        ["-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA"],  // CBC with SHA-1
        ["-tls1_2", "-cipher", "ECDHE-ECDSA-NULL-SHA:@SECLEVEL=0"],  // no encryption at all
    ])
    func refusesOldVersionsAndWeakCiphers(_ arguments: [String]) async throws {
        let live = try LiveServer()
        let result = try Self.handshake(port: live.addresses.webhook.port, arguments)
        #expect(result.exitStatus != 0)
        #expect(result.cipher == nil, "negotiated \(result.cipher ?? "")")
        // A suite this machine's OpenSSL cannot offer is refused by construction; otherwise the refusal must be
        // the server's alert, proving the offer reached it.
        if !result.isUnavailableAtClient {
            #expect(result.isRefusedByServer, "\(result.output.suffix(300))")
        }
        try await live.stop()
    }

    @Test(arguments: [["-tls1_2"], ["-tls1_3"]])
    func modernClientsGetForwardSecretAEAD(_ arguments: [String]) async throws {
        let live = try LiveServer()
        let result = try Self.handshake(port: live.addresses.webhook.port, arguments)
        #expect(result.exitStatus == 0, "\(result.output.suffix(300))")
        let cipher = try #require(result.cipher)
        if arguments == ["-tls1_2"] {
            #expect(cipher.hasPrefix("ECDHE-") && (cipher.contains("GCM") || cipher.contains("CHACHA20")), "\(cipher)")
        } else {
            #expect(cipher.hasPrefix("TLS_"), "\(cipher)")
        }
        try await live.stop()
    }
}
