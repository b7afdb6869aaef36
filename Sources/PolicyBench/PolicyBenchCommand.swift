import ArgumentParser
import KubeCache
import PolicyAPI
import PolicyCore
import WebhookRuntime

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// In-process benchmarks of the request path (decode, validate, encode) and of the overlap decision on a large
/// cache. Prints Markdown tables for BENCHMARKS.md. Figures, not pass/fail: targets are judged by people.
@main
struct PolicyBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "policy-bench", abstract: "In-process benchmarks.")

    @Option(help: "Folder with the AdmissionReview bodies (server-create.json, ...).")
    var bodies = "../shared/bench"

    @Option(help: "Folder of recorded review fixtures (one typical object per kind is taken from accepts-*.json).")
    var fixtures = "Tests/PolicyCoreTests/Fixtures/AdmissionReviews"

    @Option(help: "Inventory the review section also runs against (the cluster `make run` serves).")
    var inventory = "examples/inventory.yaml"

    @Option(help: "Iterations per measurement.")
    var iterations = 20000

    @Option(help: "Pods in the synthetic cache for the overlap benchmark.")
    var pods = 100_000

    @Option(help: "Namespaces in the synthetic cache.")
    var namespaces = 1000

    @Option(help: "Servers in the synthetic cache.")
    var servers = 10_000

    @Option(help: "Threads running the endpoint sections at once, on one shared endpoint (as the event loops do).")
    var threads = 1

    @Option(help: "The body (a file in --bodies) the decode and endpoint sections loop over.")
    var profiledBody = "server-create.json"

    @Option(help: "Only fixture folders whose name contains this (kinds section; for profiling).")
    var only: String?

    @Option(help: "Allocation limits per review (`<body> <empty|inventory> <maximum>` lines) for the allocations section; its bodies are read from --bodies.")
    var allocationLimits = "Tests/allocation-limits.txt"

    @Option(help: "Sections to run: review, kinds, overlap; allocations (the guard `make test` runs: fails when a review allocates more than --allocation-limits allows); for profiling: decode (decoding alone), endpoint and endpoint-inventory (the whole review of the profiled body against an empty cluster or the inventory), http (the HTTP codec's parse and serialize of one review, for callgrind) (comma-separated).")
    var sections = "review,kinds,overlap"

    func run() throws {
        let wanted = Set(self.sections.split(separator: ",").map(String.init))
        let reviews = ReviewBenchmark(
            bodies: self.bodies, iterations: self.iterations, inventory: self.inventory, profiledBody: self.profiledBody
        )
        if wanted.contains("allocations") {
            try AllocationGuard(
                bodies: self.bodies, inventory: self.inventory, limitsPath: self.allocationLimits,
                iterations: min(self.iterations, 1000)
            ).run()
        }
        if wanted.contains("review") { try reviews.run() }
        if wanted.contains("decode") { try reviews.runDecodeOnly() }
        for (section, withInventory) in [("endpoint", false), ("endpoint-inventory", true)] where wanted.contains(section) {
            try reviews.runEndpointOnly(withInventory: withInventory, threads: self.threads)
        }
        if wanted.contains("http") { try HTTPBenchmark(bodies: self.bodies, iterations: self.iterations).run() }
        if wanted.contains("kinds") { try KindBenchmark(fixtures: self.fixtures, iterations: self.iterations, only: self.only).run() }
        if wanted.contains("overlap") {
            OverlapBenchmark(pods: self.pods, namespaces: self.namespaces, servers: self.servers, iterations: self.iterations).run()
        }
    }
}

/// Reads a whole file, or fails with its path.
func readFile(_ path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
    return Array(data)
}
