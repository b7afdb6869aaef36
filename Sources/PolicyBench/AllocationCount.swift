import CAllocationCounter

/// Heap allocations made by a piece of code, counted by interposing malloc (`CAllocationCounter`).
struct AllocationCount {
    /// Allocations per call.
    var allocations: Double
    /// Bytes requested per call.
    var bytes: Double

    /// Runs `body` once to warm up, then `iterations` times while counting; the figures are per call.
    static func measure(iterations: Int, _ body: () -> Void) -> AllocationCount {
        body()
        lpw_allocations_begin()
        for _ in 0..<iterations { body() }
        lpw_allocations_end()
        let runs = Double(max(1, iterations))
        return AllocationCount(allocations: Double(lpw_allocations_count()) / runs, bytes: Double(lpw_allocations_bytes()) / runs)
    }
}
