import Foundation

/// Throwaway certificates made by `certs/generate.sh` in a temporary directory (hummingbird
/// `scripts/generate-certs.sh`).
struct TestCertificates {
    /// The key algorithm of the generated certificates.
    enum KeyType: String, CaseIterable, Sendable {
        case ecdsa
        case rsa
    }

    let directory: String

    var caPath: String { self.directory + "/ca.crt" }
    var certificatePath: String { self.directory + "/server.crt" }
    var keyPath: String { self.directory + "/server.key" }
    var clientCertificatePath: String { self.directory + "/client.crt" }
    var clientKeyPath: String { self.directory + "/client.key" }

    /// Generates a CA, a server and a client certificate into a new temporary directory.
    init(_ type: KeyType = .ecdsa) throws {
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
