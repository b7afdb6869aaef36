import Foundation
import KubeCache
import PolicyAPI
import PolicyCore
import Testing
import WebhookRuntime

/// The request path builds only what the rules read (`JSONReadPlan`); it must agree with a full parse on every
/// verdict and on every rejection of malformed input.
@Suite struct PlannedParsingDifferentialTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Review bodies: the recorded fixtures, the examples, and (when present) the conformance corpus and bench bodies.
    static let bodies: [(String, [UInt8])] = {
        var bodies: [(String, [UInt8])] = []
        let fixtures = packageRoot.appendingPathComponent("Tests/PolicyCoreTests/Fixtures/AdmissionReviews").path
        for file in FileSystem.files(below: fixtures, endingWith: [".json"])
        where !file.hasSuffix(".response.json") && !file.hasSuffix(".inventory.json") {
            if let data = FileManager.default.contents(atPath: file) { bodies.append((file, Array(data))) }
        }
        let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
        for file in FileSystem.files(below: shared.appendingPathComponent("bench").path, endingWith: [".json"]) {
            if let data = FileManager.default.contents(atPath: file) { bodies.append((file, Array(data))) }
        }
        for file in FileSystem.files(below: shared.appendingPathComponent("conformance/cases").path, endingWith: [".json"]) {
            guard let data = FileManager.default.contents(atPath: file), let document = try? JSONDecoding.decode(Array(data)) else { continue }
            if let raw = document["rawBody"]?.stringValue {
                bodies.append((file, Array(raw.utf8)))
            } else if let request = document["request"] {
                var writer = JSONWriter()
                writer.value(request)
                bodies.append((file, writer.bytes))
            }
        }
        return bodies
    }()

    /// Both ways of reading a body, judged by the same controller.
    static func verdicts(_ body: [UInt8]) -> (planned: AdmissionResponse?, full: AdmissionResponse?) {
        let controller = AdmissionController()
        let planned = try? AdmissionReview.parse(body, objectPlans: controller.registry)
        let full = (try? JSONDecoding.decode(body)).flatMap { try? AdmissionReview.parse($0) }
        return (
            planned.map { controller.review($0.request, snapshot: .empty) },
            full.map { controller.review($0.request, snapshot: .empty) }
        )
    }

    @Test func everyRecordedBodyGetsTheSameVerdict() {
        #expect(Self.bodies.count > 50)
        for (file, body) in Self.bodies {
            let (planned, full) = Self.verdicts(body)
            #expect(planned == full, "\(file)")
        }
    }

    @Test func mutatedBodiesAreAcceptedOrRejectedAlike() {
        var generator = SplitMix64(seed: 0x5EED)
        for (file, body) in Self.bodies.prefix(120) where !body.isEmpty {
            for _ in 0..<20 {
                var mutated = body
                let position = Int(generator.next() % UInt64(mutated.count))
                switch generator.next() % 3 {
                case 0: mutated[position] = UInt8(truncatingIfNeeded: generator.next())
                case 1: mutated.remove(at: position)
                default: mutated.insert([0x22, 0x7B, 0x5C, 0xC3, 0xFF, 0x2C][Int(generator.next() % 6)], at: position)
                }
                let (planned, full) = Self.verdicts(mutated)
                #expect((planned == nil) == (full == nil), "\(file) mutated at \(position)")
                if let planned, let full { #expect(planned == full, "\(file) mutated at \(position)") }
            }
        }
    }
}

/// A small deterministic generator, so a failing mutation can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { self.state = seed }

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
