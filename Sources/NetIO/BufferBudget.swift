import Synchronization

/// The request bytes all connections of one listener may hold at once (partial heads and bodies being read).
///
/// The per-request limits bound one connection; this bounds their sum, so many slow uploads of large bodies
/// cannot exhaust memory. A connection that would go past it is closed and counted.
package final class BufferBudget: Sendable {
    /// The most bytes held at once.
    package let limit: Int
    private let held = Atomic<Int>(0)

    package init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Bytes held now, across connections.
    package var heldBytes: Int { self.held.load(ordering: .relaxed) }

    /// Takes `bytes` more from the budget; false (and nothing taken) when that would pass the limit.
    func reserve(_ bytes: Int) -> Bool {
        let total = self.held.add(bytes, ordering: .relaxed).newValue
        if total > self.limit {
            self.held.subtract(bytes, ordering: .relaxed)
            return false
        }
        return true
    }

    /// Gives `bytes` back.
    func release(_ bytes: Int) {
        self.held.subtract(bytes, ordering: .relaxed)
    }
}
