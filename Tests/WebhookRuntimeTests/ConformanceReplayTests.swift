import Foundation
import Testing
import WebhookRuntime

/// The yardstick: every case of ../shared/conformance/cases passes through the in-process admission path.
@Suite struct ConformanceReplayTests {
    /// `../shared/conformance/cases` next to the package, when it exists (CI lays it there).
    static let casesDirectory: String? = {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let cases = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/conformance/cases").path
        return FileManager.default.fileExists(atPath: cases) ? cases : nil
    }()

    static let caseFiles: [String] = casesDirectory.map { ReplayRunner.caseFiles(at: $0) } ?? []

    @Test(.enabled(if: casesDirectory != nil, "../shared/conformance/cases is not beside the package"), arguments: caseFiles)
    func conformanceCasePasses(_ file: String) {
        let result = ReplayRunner().run(file: file)
        #expect(result.failures.isEmpty, "\(result.name): \(result.failures.joined(separator: "; "))")
    }
}
