import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif

/// The `linkerd-policy-webhook` command.
@main
struct PolicyWebhookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "linkerd-policy-webhook",
        abstract: "A validating admission webhook for Linkerd's authorization-policy resources.",
        subcommands: [ServeCommand.self, CheckCommand.self, AuditCommand.self, ReplayCommand.self, KindsCommand.self]
    )

    /// The documented exit status of a command line that cannot be used (argument-parser's own is 64, EX_USAGE).
    static let usageExitStatus: Int32 = 2

    /// Parses and runs like argument-parser's own `main()`, except that a usage error exits with status 2, the
    /// status every command documents for unusable input (0 success, 1 findings, 2 unusable).
    static func main() {
        do {
            var command = try Self.parseAsRoot()
            try command.run()
        } catch {
            guard Self.exitCode(for: error) == .validationFailure else { Self.exit(withError: error) }
            let message = Array((Self.fullMessage(for: error) + "\n").utf8)
            _ = message.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            Glibc.exit(Self.usageExitStatus)
        }
    }
}
