import ArgumentParser

/// `linkerd-policy-webhook replay` (not wired yet).
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "replay", abstract: "Not available yet.")

    func run() async throws {
        throw ValidationError("'replay' is not available in this build yet")
    }
}
