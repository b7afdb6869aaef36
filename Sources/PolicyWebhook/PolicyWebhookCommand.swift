import ArgumentParser

/// The `linkerd-policy-webhook` command.
@main
struct PolicyWebhookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "linkerd-policy-webhook",
        abstract: "A validating admission webhook for Linkerd's authorization-policy resources.",
        subcommands: [ServeCommand.self, CheckCommand.self, ReplayCommand.self, KindsCommand.self]
    )
}
