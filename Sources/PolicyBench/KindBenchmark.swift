import KubeCache
import PolicyAPI
import PolicyCore
import WebhookRuntime

/// The validation step alone (decoded request in, verdict out) for a typical object of each kind.
struct KindBenchmark {
    var fixtures: String
    var iterations: Int
    /// Only folders whose name contains this (for profiling one kind).
    var only: String? = nil

    func run() throws {
        print("### Validation step per kind (decoded object in, verdict out; µs median / p99)\n")
        print("| fixture | kind | median | p99 |")
        print("|---|---|---|---|")
        let controller = AdmissionController()
        for folder in Self.typicalFixtures(below: self.fixtures).sorted(by: { $0.key < $1.key })
        where self.only.map(folder.key.contains) ?? true
        {
            let file = folder.value
            let review = try AdmissionReview.parse(try readFile(file))
            var snapshot = ClusterSnapshot.empty
            let inventoryPath = String(file.dropLast(".json".count)) + ".inventory.json"
            if let inventory = try? readFile(inventoryPath), let objects = try? JSONDecoding.decode(inventory).arrayValue {
                snapshot = ClusterSnapshot(inventory: objects)
            }
            let summary = Summary(Stopwatch.measure(iterations: self.iterations) { _ = controller.review(review.request, snapshot: snapshot) })
            let name = file.split(separator: "/").suffix(2).joined(separator: "/")
            print("| \(name) | \(review.request.kind.kind) | \(Summary.format(summary.median)) | \(Summary.format(summary.p99)) |")
        }
        print("")
    }

    /// One typical object per fixture folder: an admitted CREATE whose golden answer carries no warning (a
    /// `valid` one when there is), else the folder's first admitted review.
    static func typicalFixtures(below root: String) -> [String: String] {
        let reviews = FileSystem.files(below: root, endingWith: [".json"])
            .filter { $0.contains("/accepts-") && !$0.hasSuffix(".response.json") && !$0.hasSuffix(".inventory.json") }
        var byFolder: [String: [String]] = [:]
        for file in reviews {
            let folder = String(file[..<(file.lastIndex(of: "/") ?? file.endIndex)])
            byFolder[folder, default: []].append(file)
        }
        return byFolder.mapValues { files in
            let plain = files.filter(Self.isPlainCreate)
            return plain.first { $0.contains("valid") } ?? plain.first ?? files[0]
        }
    }

    /// A CREATE review whose golden answer has no warnings.
    private static func isPlainCreate(_ file: String) -> Bool {
        guard let review = try? AdmissionReview.parse(readFile(file)), review.request.operation == .create else { return false }
        let golden = String(file.dropLast(".json".count)) + ".response.json"
        guard let answer = try? JSONDecoding.decode(readFile(golden)) else { return false }
        return answer["response"]?["warnings"] == nil
    }
}
