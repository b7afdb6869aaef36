import Foundation
import PolicyAPI
import Testing

/// The `audit` command as a process against the fake API server: kubeconfig connection, output on standard
/// output, nothing on standard error when it is not a terminal, and the exit statuses 0, 1 and 2.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct AuditCommandLiveTests {
    /// The built executable, next to the test bundle (`swift test` builds it too).
    static var executable: String? {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let path = directory.appendingPathComponent("linkerd-policy-webhook").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// Runs `audit` with `arguments` against the mixed cluster; returns status, standard output and error.
    static func audit(_ arguments: [String], token: String = "secret-token") throws -> (status: Int32, stdout: String, stderr: String) {
        let server = try FakeAPIServer()
        defer { server.stop() }
        AuditCluster.populate(server)
        let kubeconfig = try AuditCluster.kubeconfig(port: server.port, token: token)
        defer { try? FileManager.default.removeItem(atPath: kubeconfig) }
        let process = Process()
        let output = Pipe()
        let errors = Pipe()
        process.executableURL = URL(fileURLWithPath: try #require(Self.executable))
        process.arguments = ["audit", "--kubeconfig", kubeconfig] + arguments
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Standard error is small; read it after standard output so neither pipe fills up.
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    @Test func violationsExitWithStatusOne() throws {
        let (status, stdout, stderr) = try Self.audit(["--output", "json"])
        #expect(status == 1)
        #expect(stderr == "")
        let json = try JSONDecoding.decode(Array(stdout.utf8))
        #expect(json["denied"] == .integer(8))
        #expect(json["checked"] == .integer(16))
    }

    @Test func policyReportOutputIsAYAMLStreamOfReports() throws {
        let (status, stdout, _) = try Self.audit(["--output", "policyreport"])
        #expect(status == 1)
        #expect(stdout.hasPrefix("---\napiVersion: wgpolicyk8s.io/v1alpha2\nkind: ClusterPolicyReport\n"), "\(stdout.prefix(200))")
        #expect(stdout.components(separatedBy: "\n---\n").count == 3)
    }

    @Test func cleanSelectionExitsWithStatusZero() throws {
        let (status, stdout, _) = try Self.audit(["--kind", "NetworkAuthentication", "--namespace", "shop"])
        #expect(status == 0)
        #expect(stdout == "0 objects checked, 0 denied, 0 with warnings, 0 overlapping Server pairs\n")
    }

    @Test func refusedCredentialsExitWithStatusTwo() throws {
        let (status, stdout, stderr) = try Self.audit([], token: "stale")
        #expect(status == 2)
        #expect(stdout == "")
        #expect(stderr.hasPrefix("error: 401 Unauthorized from localhost:"), "\(stderr)")
    }

    @Test func unknownContextExitsWithStatusTwo() throws {
        let (status, _, stderr) = try Self.audit(["--context", "prod"])
        #expect(status == 2)
        #expect(stderr == "error: the kubeconfig has no context \"prod\"\n")
    }
}
