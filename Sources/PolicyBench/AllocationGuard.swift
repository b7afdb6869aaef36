import ArgumentParser
import KubeCache
import PolicyCore
import WebhookRuntime

/// The allocation guard `make test` runs: heap allocations per review of recorded bodies, each compared with the
/// limit recorded for it, failing when one is exceeded. Counts, unlike times, do not depend on the machine's load,
/// so a regression shows as a failure rather than as noise.
struct AllocationGuard {
    /// One recorded limit: a body reviewed against a cluster, and the most allocations a review may make.
    struct Limit: Equatable {
        var body: String
        /// `empty` or `inventory`.
        var cluster: String
        var maximum: Int
    }

    /// Where the bodies are (file names in the limits are relative to it).
    var bodies: String
    var inventory: String
    var limitsPath: String
    var iterations: Int

    /// Measures every limited body; prints each count with its limit and throws when any is over.
    func run() throws {
        let text = String(decoding: try readFile(self.limitsPath), as: UTF8.self)
        let limits = try Self.parse(text, path: self.limitsPath)
        let controller = AdmissionController()
        let inventory = try InventoryFile.load(path: self.inventory)
        var exceeded: [String] = []
        for limit in limits {
            let snapshot = limit.cluster == "inventory" ? inventory : ClusterSnapshot.empty
            let endpoint = AdmissionEndpoint(controller: controller, snapshots: StaticSnapshotProvider(snapshot))
            let body = try readFile("\(self.bodies)/\(limit.body)")
            let count = AllocationCount.measure(iterations: self.iterations) { _ = endpoint.answer(body: body) }
            // Whole allocations: a review that allocates on some iterations only (a cache filling) rounds up.
            let perReview = Int(count.allocations.rounded(.up))
            let status = perReview <= limit.maximum ? "ok" : "OVER"
            print("\(status): \(limit.body) against \(limit.cluster): \(perReview) allocations per review (limit \(limit.maximum))")
            if perReview > limit.maximum { exceeded.append("\(limit.body) against \(limit.cluster)") }
        }
        guard exceeded.isEmpty else {
            print(
                "allocations per review above the limit in \(self.limitsPath) for \(exceeded.joined(separator: ", ")): "
                    + "find the new allocation, or raise the limit in the same commit and say why"
            )
            throw ExitCode.failure
        }
    }

    /// Reads the limits file: `<body> <empty|inventory> <maximum>` per line; `#` starts a comment.
    static func parse(_ text: String, path: String) throws -> [Limit] {
        var limits: [Limit] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = line.prefix { $0 != "#" }
            let fields = content.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if fields.isEmpty { continue }
            guard fields.count == 3, ["empty", "inventory"].contains(fields[1]), let maximum = Int(fields[2]), maximum >= 0
            else {
                throw ValidationError("\(path):\(number + 1): want `<body> <empty|inventory> <maximum allocations>`")
            }
            limits.append(Limit(body: String(fields[0]), cluster: String(fields[1]), maximum: maximum))
        }
        guard !limits.isEmpty else { throw ValidationError("\(path): no limits") }
        return limits
    }
}
