import TestSupport
import Foundation
import Testing

/// The `serve` command as a process: start-up line, flag errors, SIGTERM exit.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct ServeCommandLiveTests {
    /// The built executable, next to the test bundle (`swift test` builds it too).
    static var executable: String? {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let path = directory.appendingPathComponent("linkerd-policy-webhook").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// Runs the command to completion (bounded) and returns its status and standard error.
    static func run(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        try Self.run(executable: try #require(Self.executable), arguments)
    }

    /// Runs `executable` with `arguments` to completion and returns its status and standard error.
    static func run(executable: String, _ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        let errors = Pipe()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// Sizes, durations and modes are typed flags: the argument parser refuses a bad value before `serve` runs,
    /// with its message naming the flag and the value, then its help for that flag.
    @Test(arguments: [
        (["serve", "--max-body", "lots"], "'lots' is invalid for '--max-body <bytes>'"),
        (["serve", "--max-buffered-bytes", "0"], "'0' is invalid for '--max-buffered-bytes <bytes>'"),
        (["serve", "--overlap", "maybe"], "'maybe' is invalid for '--overlap <overlap>'"),
        (["serve", "--unsynced", "later"], "'later' is invalid for '--unsynced <unsynced>'"),
        (["serve", "--stale-warning-after", "soon"], "'soon' is invalid for '--stale-warning-after <duration>'"),
        (["serve", "--shutdown-grace", "2h"], "'2h' is invalid for '--shutdown-grace <duration>'"),
        (["serve", "--log-level", "loud"], "'loud' is invalid for '--log-level <log-level>'"),
        (["serve", "--log-format", "xml"], "'xml' is invalid for '--log-format <log-format>'"),
    ])
    func badFlagValueIsRefusedByTheParser(_ arguments: [String], _ message: String) throws {
        let (status, stderr) = try Self.run(arguments)
        #expect(status == 2)
        #expect(stderr.hasPrefix("Error: The value \(message)"), "\(stderr)")
    }

    @Test func helpShowsTheDefaultsInTheFormTheFlagsAccept() throws {
        let executable = try #require(Self.executable)
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve", "--help"]
        process.standardOutput = output
        try process.run()
        let help = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        // Help text wraps: compare with runs of spaces and line breaks folded to one space.
        let folded = help.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        for expected in [
            "--max-body <bytes> Largest request body in bytes (suffixes Ki, Mi, Gi accepted). (default: 8Mi)",
            "(e.g. 20, 20s or 1m). (default: 20s)", "Default: a quarter of the container's cgroup memory limit", "(e.g. 60s, 5m). (default: 1m)",
            "(values: trace, debug, info, notice, warning, error, critical; default: info)",
            "(values: plain, text, json; default: plain)", "(values: deny, allow; default: deny)",
        ] {
            #expect(folded.contains(expected), "\(expected)")
        }
    }

    @Test(arguments: [
        ["serve", "--server-addr", "nowhere"],
        ["serve", "--max-buffered-bytes", "1Ki"],
        ["serve", "--event-loops", "0"],
        ["serve", "--inventory", "a.yaml", "--kubeconfig", "b.yaml"],
        ["serve", "--kubeconfig", "/nonexistent/kubeconfig", "--server-addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0"],
        ["serve", "--server-tls-certs", "/nonexistent/server.crt", "--server-addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0"],
    ])
    func badFlagOrCertificateFailsWithOneLine(_ arguments: [String]) throws {
        let (status, stderr) = try Self.run(arguments)
        #expect(status != 0)
        #expect(stderr.split(separator: "\n").count == 1, "\(stderr)")
        #expect(stderr.hasPrefix("Error: "))
    }

    @Test func sigtermStopsTheServerWithStatusZero() async throws {
        let executable = try #require(Self.executable)
        let certs = try TestCertificates()
        let inventory = certs.certificatePath + ".inventory.json"
        try Data("[]".utf8).write(to: URL(fileURLWithPath: inventory))
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "serve", "--server-addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0", "--inventory", inventory,
            "--server-tls-certs", certs.certificatePath, "--server-tls-key", certs.keyPath, "--log-level", "error",
        ]
        process.standardOutput = output
        try process.run()
        // Reading the pipe and waiting for the exit block a thread, which `withTimeout` cannot interrupt: a server
        // that never starts or never stops is killed instead, so the test fails rather than hangs.
        let pid = process.processIdentifier
        let watchdog = Task {
            try await Task.sleep(for: .seconds(20))
            kill(pid, SIGKILL)
        }
        defer { watchdog.cancel() }
        let line = try await withTimeout(.seconds(10)) {
            String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        }
        #expect(line.hasPrefix("linkerd-policy-webhook: admission on https://127.0.0.1:"))
        process.terminate()
        let start = ContinuousClock.now
        try await withTimeout(.seconds(10)) { process.waitUntilExit() }
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        #expect(ContinuousClock.now - start < .seconds(5))
    }
}
