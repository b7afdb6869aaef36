import KubeCache
import PolicyAPI
import PolicyCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Runs conformance cases through the same in-process admission path the server uses.
package struct ReplayRunner: Sendable {
    /// The result of one case.
    package struct Result: Sendable {
        package var file: String
        package var name: String
        package var failures: [String]
        package var isPassed: Bool { self.failures.isEmpty }
    }

    package let configuration: AdmissionConfiguration

    package init(configuration: AdmissionConfiguration = AdmissionConfiguration()) {
        self.configuration = configuration
    }

    /// Every `.json` file below `path` (or `path` itself), sorted.
    package static func caseFiles(at path: String) -> [String] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        guard FileSystem.isDirectory(path) else { return [path] }
        return FileSystem.files(below: path, endingWith: [".json"])
    }

    /// Runs one case file.
    package func run(file: String) -> Result {
        let fallbackName = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        guard let data = FileManager.default.contents(atPath: file) else {
            return Result(file: file, name: fallbackName, failures: ["cannot read the file"])
        }
        do {
            let document = try JSONDecoding.decode(data)
            let testCase = try ConformanceCase(document: document, fallbackName: fallbackName)
            return Result(file: file, name: testCase.name, failures: self.run(testCase))
        } catch {
            return Result(file: file, name: fallbackName, failures: ["not a usable case: \(error)"])
        }
    }

    /// Runs one case and returns its failures.
    package func run(_ testCase: ConformanceCase) -> [String] {
        let endpoint = AdmissionEndpoint(
            controller: AdmissionController(configuration: self.configuration),
            snapshots: StaticSnapshotProvider(ClusterSnapshot(inventory: testCase.inventory))
        )
        return testCase.failures(of: endpoint.answer(body: testCase.body))
    }
}
