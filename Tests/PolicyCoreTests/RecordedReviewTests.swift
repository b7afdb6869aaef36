import Foundation
import KubeCache
import PolicyAPI
import PolicyCore
import Testing

/// Walks the recorded AdmissionReview fixtures and compares each answer with its golden response.
@Suite struct RecordedReviewTests {
    static let fixturesRoot: URL? = Bundle.module.url(forResource: "Fixtures", withExtension: nil)?
        .appendingPathComponent("AdmissionReviews")

    /// Every review fixture, as a path relative to the fixtures folder.
    static let reviewFiles: [String] = {
        guard let root = fixturesRoot,
            let paths = try? FileManager.default.subpathsOfDirectory(atPath: root.path)
        else { return [] }
        return paths.filter {
            $0.hasSuffix(".json") && !$0.hasSuffix(".response.json") && !$0.hasSuffix(".inventory.json")
        }.sorted()
    }()

    @Test func fixturesExist() {
        #expect(Self.reviewFiles.count > 0)
    }

    @Test(arguments: reviewFiles)
    func answerMatchesGolden(_ file: String) throws {
        let root = try #require(Self.fixturesRoot)
        let reviewURL = root.appendingPathComponent(file)
        let base = reviewURL.deletingPathExtension()
        let review = try AdmissionReview.parse(Array(try Data(contentsOf: reviewURL)))
        var snapshot = ClusterSnapshot.empty
        let inventoryURL = base.appendingPathExtension("inventory.json")
        if let inventory = try? Data(contentsOf: inventoryURL) {
            snapshot = ClusterSnapshot(inventory: try JSONDecoding.decode(Array(inventory)).arrayValue ?? [])
        }
        let response = Self.controller(for: file).review(review.request, snapshot: snapshot)
        let answer = try JSONDecoding.decode(response.encodedReview(version: review.version))

        let name = reviewURL.lastPathComponent
        #expect(response.uid == review.request.uid)
        if name.hasPrefix("accepts-") { #expect(response.isAllowed, "\(file): \(response.message ?? "")") }
        if name.hasPrefix("rejects-") { #expect(!response.isAllowed, "\(file) was admitted") }

        let goldenURL = base.appendingPathExtension("response.json")
        if ProcessInfo.processInfo.environment["RECORD_FIXTURES"] == "1" {
            try Data((answer.canonicalText + "\n").utf8).write(to: Self.sourceURL(for: goldenURL, root: root))
            Issue.record("recorded \(goldenURL.lastPathComponent); unset RECORD_FIXTURES and run again")
            return
        }
        let golden = try JSONDecoding.decode(Array(try Data(contentsOf: goldenURL)))
        #expect(answer == golden, "\(file): answer \(answer.canonicalText)")
    }

    /// Fixtures under `enforcement-warn/` are reviewed as `serve --enforcement warn` would; all others as the default.
    static func controller(for file: String) -> AdmissionController {
        file.hasPrefix("enforcement-warn/")
            ? AdmissionController(configuration: AdmissionConfiguration(enforcement: .warn)) : AdmissionController()
    }

    /// Goldens are written into the source tree (not the built bundle), so they can be committed.
    static func sourceURL(for bundled: URL, root: URL) -> URL {
        let relative = String(bundled.path.dropFirst(root.path.count))
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/AdmissionReviews" + relative)
    }
}
