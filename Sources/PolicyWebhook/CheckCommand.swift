import ArgumentParser
import KubeCache
import PolicyAPI
import PolicyCore
import WebhookRuntime

#if canImport(Glibc)
import Glibc
#endif

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `linkerd-policy-webhook check -f FILE|DIR|-`: validates manifests offline, as `kubectl apply` would send them.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate Kubernetes manifests (YAML or JSON, multi-document, kind: List) offline.",
        discussion: """
            Exit status: 0 when every object is admitted, 1 when violations were found, 2 when the input is unusable.
            Example: linkerd policy generate | linkerd-policy-webhook check -f -
            """
    )

    /// Output formats.
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @Option(name: [.short, .customLong("filename")], help: "A manifest file, a folder of .yaml/.yml/.json files, or - for standard input. Repeatable.")
    var filenames: [String] = []

    @Option(help: "A YAML or JSON file of Pods, Servers and ExternalWorkloads: the cluster state for the overlap rules.")
    var inventory: String?

    @Option(help: "Namespace for objects without metadata.namespace.")
    var namespace = "default"

    @Option(help: "Output format: text or json.")
    var output: OutputFormat = .text

    @Option(help: "What an overlapping Server gets: deny or warn.")
    var overlap: AdmissionConfiguration.OverlapMode = .deny

    func validate() throws {
        if self.filenames.isEmpty { throw ValidationError("give at least one -f FILE, -f DIR or -f -") }
    }

    func run() throws {
        var snapshot = ClusterSnapshot.empty
        if let inventory = self.inventory {
            do {
                snapshot = try InventoryFile.load(path: inventory)
            } catch {
                Self.fail("\(error)")
            }
        }
        let checker = ManifestChecker(
            controller: AdmissionController(configuration: AdmissionConfiguration(overlapMode: self.overlap)),
            defaultNamespace: self.namespace
        )
        var findings: [ManifestChecker.Finding] = []
        for (source, text) in Self.sources(self.filenames) {
            let documents: [ManifestReader.Document]
            do {
                documents = try ManifestReader.documents(in: text)
            } catch {
                Self.fail("\(source): \(error)")
            }
            findings += checker.check(documents, source: source, snapshot: &snapshot)
        }
        let report = CheckReport(findings: findings)
        print(self.output == .json ? report.json : report.text, terminator: "")
        if !report.isClean { throw ExitCode(1) }
    }

    /// Reads every input: files, folders (their .yaml, .yml and .json files, sorted) and standard input.
    static func sources(_ names: [String]) -> [(String, String)] {
        var sources: [(String, String)] = []
        for name in names {
            if name == "-" {
                var text = ""
                while let line = readLine(strippingNewline: false) { text += line }
                sources.append(("<stdin>", text))
                continue
            }
            if FileSystem.isDirectory(name) {
                for file in FileSystem.files(below: name, endingWith: [".yaml", ".yml", ".json"]) {
                    sources.append((file, Self.read(file)))
                }
                continue
            }
            sources.append((name, Self.read(name)))
        }
        return sources
    }

    private static func read(_ path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { Self.fail("\(path): cannot be read") }
        return String(decoding: data, as: UTF8.self)
    }

    /// Unusable input: one line on standard error, exit status 2.
    static func fail(_ message: String) -> Never {
        let line = Array("error: \(message)\n".utf8)
        _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        Glibc.exit(2)
    }
}
