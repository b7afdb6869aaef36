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

    @Option(help: "A YAML or JSON file of Pods, Servers, ExternalWorkloads, AuthorizationPolicies, ServerAuthorizations and HTTPRoutes: the cluster state for the overlap and traffic-impact rules.")
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
        var objects = 0
        let sources: [(String, String)]
        do {
            sources = try Self.sources(self.filenames)
        } catch {
            Self.fail("\(error)")
        }
        for (source, text) in sources {
            let documents: [ManifestReader.Document]
            do {
                documents = try ManifestReader.documents(in: text)
            } catch {
                Self.fail("\(source): \(error)")
            }
            objects += documents.count
            findings += checker.check(documents, source: source, snapshot: &snapshot)
        }
        // A run that checked nothing must not pass: an empty file or a folder without manifests is a wrong path in
        // a pipeline, not a clean bundle.
        if objects == 0 {
            Self.fail("no Kubernetes object found in \(sources.map(\.0).joined(separator: ", ")) (empty input); nothing was checked")
        }
        let report = CheckReport(findings: findings)
        print(self.output == .json ? report.json : report.text, terminator: "")
        if !report.isClean { throw ExitCode(1) }
    }

    /// Reads every input: files, folders (their .yaml, .yml and .json files, sorted, through symbolic links) and
    /// standard input; a folder without any manifest is refused.
    static func sources(_ names: [String]) throws(ManifestInput.Failure) -> [(String, String)] {
        var sources: [(String, String)] = []
        for name in names {
            if name == "-" {
                sources.append(("<stdin>", try ManifestInput.readStandardInput()))
                continue
            }
            if FileSystem.isDirectory(name) {
                let files = try ManifestInput.files(below: name)
                if files.isEmpty {
                    throw ManifestInput.Failure("\(name): no .yaml, .yml or .json file in this folder; nothing to check")
                }
                for file in files {
                    sources.append((file, try ManifestInput.read(file)))
                }
                continue
            }
            sources.append((name, try ManifestInput.read(name)))
        }
        return sources
    }

    /// Unusable input: one line on standard error, exit status 2.
    static func fail(_ message: String) -> Never {
        let line = Array("error: \(message)\n".utf8)
        _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        Glibc.exit(2)
    }
}
