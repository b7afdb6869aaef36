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
        var writer = JSONWriter()
        writer.raw("[")
        for (index, kind) in kinds.enumerated() {
            if index > 0 { writer.raw(",") }
            writer.raw("{\"group\":")
            writer.string(kind.group)
            writer.raw(",\"resource\":")
            writer.string(kind.resource)
            writer.raw(",\"kind\":")
            writer.string(kind.kind)
            writer.raw(",\"versions\":")
            writer.stringArray(kind.versions)
            writer.raw("}")
        }
        writer.raw("]")
        print(String(decoding: writer.bytes, as: UTF8.self))
    }
}
