import Synchronization

/// The open connections all event loops of one listener may hold together (`--max-connections`).
///
/// One count for the listener, not a share per loop: the kernel spreads connections over the loops' listening
/// sockets by a hash of their addresses, so a fixed share per loop would refuse clients on one loop while the
/// others have room.
final class ConnectionSlots: Sendable {
    let limit: Int
    private let taken = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Takes a slot for a new connection; false (and nothing taken) when every slot is in use.
    func take() -> Bool {
        if self.taken.add(1, ordering: .relaxed).newValue > self.limit {
            self.taken.subtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    /// Gives back the slot of a connection that closed.
    func give() {
        self.taken.subtract(1, ordering: .relaxed)
    }
}
