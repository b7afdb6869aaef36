import Synchronization

/// A one-way flag the service raises at shutdown; blocking loops poll it between short waits.
package final class StopSignal: Sendable {
    private let flag = Atomic<Bool>(false)

    package init() {}

    /// Asks every loop watching this signal to stop.
    package func stop() {
        self.flag.store(true, ordering: .releasing)
    }

    /// True once `stop()` was called.
    package var isStopped: Bool { self.flag.load(ordering: .acquiring) }
}
