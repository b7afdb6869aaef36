import ArgumentParser

/// `linkerd-policy-webhook check` (not wired yet).
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Not available yet.")

    func run() async throws {
        throw ValidationError("'check' is not available in this build yet")
    }
}
