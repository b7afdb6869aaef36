import ArgumentParser
import PolicyAPI
import PolicyCore

/// `linkerd-policy-webhook kinds`: the kinds the webhook validates, the source of truth for the chart's rules.
struct KindsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kinds",
        abstract: "List the kinds this webhook validates (the chart's webhook rules must cover exactly these)."
    )

    @Option(help: "Output format: text or json.")
    var output: CheckCommand.OutputFormat = .text

    func run() {
        let kinds = KindRegistry.standard.kinds
        guard self.output == .json else {
            for kind in kinds {
                let group = kind.group.isEmpty ? "core" : kind.group
                print("\(group)\t\(kind.resource)\t\(kind.kind)\t\(kind.versions.joined(separator: ","))")
            }
            return
        }
        print(KindListJSON.text(kinds.map { .init(group: $0.group, resource: $0.resource, kind: $0.kind, versions: $0.versions) }))
    }
}
