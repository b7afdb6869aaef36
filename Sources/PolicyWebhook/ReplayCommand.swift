import ArgumentParser
import WebhookRuntime

/// `linkerd-policy-webhook replay DIR`: runs recorded conformance cases through the in-process handler.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run recorded admission cases (the ../shared/conformance format) and report failures.",
        discussion: "Prints one line per failing case and closes with 'N passed, M failed'. Exits 1 on any failure."
    )

    @Argument(help: "Case files or folders of case files (searched recursively for .json).")
    var paths: [String]

    @Flag(name: .long, help: "Also print a line for each passing case.")
    var verbose = false

    func validate() throws {
        if self.paths.isEmpty { throw ValidationError("give at least one case file or folder") }
    }

    func run() throws {
        let runner = ReplayRunner()
        var passed = 0
        var failed = 0
        for path in self.paths {
            let files = ReplayRunner.caseFiles(at: path)
            if files.isEmpty {
                print("\(path): no case files found")
                failed += 1
            }
            for file in files {
                let result = runner.run(file: file)
                if result.isPassed {
                    passed += 1
                    if self.verbose { print("PASS \(result.name)") }
                } else {
                    failed += 1
                    print("FAIL \(result.name) (\(file)): \(result.failures.joined(separator: "; "))")
                }
            }
        }
        print("\(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }
}
