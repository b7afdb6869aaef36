import Dispatch
import Foundation
import KubeCache
import PolicyAPI
import PolicyCore
import Synchronization
import WebhookRuntime

/// The cost of one review by stage: decode, validate, encode, and the whole endpoint, per benchmark body; and the
/// heap allocations of the whole endpoint (the body is already in memory: its buffer is not counted).
struct ReviewBenchmark {
    var bodies: String
    var iterations: Int
    /// An inventory to review against as well as an empty cluster: with it, a Server's overlap check has pods
    /// and Servers to look at.
    var inventory: String
    /// The body the profiling sections (decode, endpoint) loop over.
    var profiledBody: String

    func run() throws {
        print("### Review path, in process (µs per review; median / p99)\n")
        print("Against an empty cluster, then against `\(self.inventory)` (the emojivoto pods and a Server: the")
        print("overlap check of a Server has work to do).\n")
        print("| body | cluster | bytes | decode | validate | encode | whole review | allocations / review | bytes allocated / review | verdict |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        let clusters: [(name: String, snapshot: ClusterSnapshot)] = [
            ("empty", .empty), ("inventory", try InventoryFile.load(path: self.inventory)),
        ]
        let controller = AdmissionController()
        for (cluster, snapshot) in clusters {
            let endpoint = AdmissionEndpoint(controller: controller, snapshots: StaticSnapshotProvider(snapshot))
            for name in ["server-create.json", "authpolicy-create.json", "pod-create-large.json"] {
                let body = try readFile("\(self.bodies)/\(name)")
                let registry = controller.registry
                let review = try AdmissionReview.parse(body, objectPlans: registry)
                let response = controller.review(review.request, snapshot: snapshot)
                let decode = Summary(Stopwatch.measure(iterations: self.iterations) { _ = try? AdmissionReview.parse(body, objectPlans: registry) })
                let validate = Summary(Stopwatch.measure(iterations: self.iterations) { _ = controller.review(review.request, snapshot: snapshot) })
                let encode = Summary(Stopwatch.measure(iterations: self.iterations) { _ = response.encodedReview(version: review.version) })
                let whole = Summary(Stopwatch.measure(iterations: self.iterations) { _ = endpoint.answer(body: body) })
                let cells = [decode, validate, encode, whole].map { "\(Summary.format($0.median)) / \(Summary.format($0.p99))" }
                let heap = AllocationCount.measure(iterations: 1000) { _ = endpoint.answer(body: body) }
                print(
                    "| \(name) | \(cluster) | \(body.count) | \(cells.joined(separator: " | ")) | \(Int(heap.allocations.rounded())) "
                        + "| \(Int(heap.bytes.rounded())) | \(response.isAllowed ? "allowed" : "denied") |"
                )
            }
        }
        print("")
    }

    /// Decodes the profiled body in a loop and prints the median: a target for a profiler.
    func runDecodeOnly() throws {
        let body = try readFile("\(self.bodies)/\(self.profiledBody)")
        let registry = AdmissionController().registry
        let summary = Summary(Stopwatch.measure(iterations: self.iterations) { _ = try? AdmissionReview.parse(body, objectPlans: registry) })
        print("decode \(self.profiledBody): median \(Summary.format(summary.median)) µs, p99 \(Summary.format(summary.p99)) µs")
        let check = Summary(Stopwatch.measure(iterations: self.iterations) { _ = try? JSONDecoding.decode(body, plan: .skip) })
        print("syntax check only (nothing built): median \(Summary.format(check.median)) µs, p99 \(Summary.format(check.p99)) µs")
        let full = Summary(Stopwatch.measure(iterations: self.iterations) { _ = try? JSONDecoding.decode(body) })
        print("whole tree built: median \(Summary.format(full.median)) µs, p99 \(Summary.format(full.p99)) µs")
    }

    /// Answers the profiled body in a loop (decode, validate, encode), against an empty cluster or the inventory:
    /// a target for a profiler. With several threads, each runs the loop on the one shared endpoint, as the
    /// server's event loops do: a per-review time that grows with threads shows shared state contended.
    func runEndpointOnly(withInventory: Bool, threads: Int) throws {
        let body = try readFile("\(self.bodies)/\(self.profiledBody)")
        let snapshot = withInventory ? try InventoryFile.load(path: self.inventory) : .empty
        let endpoint = AdmissionEndpoint(controller: AdmissionController(), snapshots: StaticSnapshotProvider(snapshot))
        let iterations = self.iterations
        let summaries = Mutex<[Summary]>([])
        // Real threads, as many as asked (a dispatch queue would run no more at once than there are cores), each
        // signalling when its loop is done.
        let finished = DispatchSemaphore(value: 0)
        for _ in 0..<max(1, threads) {
            Thread.detachNewThread {
                let summary = Summary(Stopwatch.measure(iterations: iterations) { _ = endpoint.answer(body: body) })
                summaries.withLock { $0.append(summary) }
                finished.signal()
            }
        }
        for _ in 0..<max(1, threads) { finished.wait() }
        let cluster = withInventory ? "against \(self.inventory)" : "against an empty cluster"
        for summary in summaries.withLock({ $0 }) {
            print("whole review of \(self.profiledBody) \(cluster) (\(threads) thread(s)): median \(Summary.format(summary.median)) µs, p99 \(Summary.format(summary.p99)) µs")
        }
    }
}
