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
        for folder in FileSystem.files(below: self.fixtures, endingWith: [".json"])
            .filter({ $0.contains("/accepts-") && !$0.hasSuffix(".response.json") && !$0.hasSuffix(".inventory.json") })
            .reduce(into: [String: String](), { firsts, file in
                let folder = String(file.dropLast(file.count - (file.lastIndex(of: "/").map { file.distance(from: file.startIndex, to: $0) } ?? 0)))
                if firsts[folder] == nil { firsts[folder] = file }
            })
            .sorted(by: { $0.key < $1.key })
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
}
