import Foundation

/// Throwaway certificates made by `certs/generate.sh` in a temporary directory (hummingbird
/// `scripts/generate-certs.sh`).
package struct TestCertificates: Sendable {
    /// The key algorithm of the generated certificates.
    package enum KeyType: String, CaseIterable, Sendable {
        case ecdsa
        case rsa
    }

    package let directory: String

    package var caPath: String { self.directory + "/ca.crt" }
    package var certificatePath: String { self.directory + "/server.crt" }
    package var keyPath: String { self.directory + "/server.key" }
    package var clientCertificatePath: String { self.directory + "/client.crt" }
    package var clientKeyPath: String { self.directory + "/client.key" }

    /// Generates a CA, a server and a client certificate into a new temporary directory.
    package init(_ type: KeyType = .ecdsa) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("policy-webhook-certs-\(UUID().uuidString)").path
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("certs/generate.sh").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [script, directory, type.rawValue]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "generate.sh failed"])
        }
        self.directory = directory
    }
}
