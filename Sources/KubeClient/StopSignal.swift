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

#if canImport(Glibc)
import Glibc
#endif

extension StopSignal {
    /// Sleeps for `duration` in short slices; returns false early when stopped.
    @discardableResult
    package func sleep(for duration: Duration) -> Bool {
        let deadline = ContinuousClock.now + duration
        while !self.isStopped {
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero { return true }
            let slice = min(remaining, .milliseconds(50))
            let nanoseconds = slice.components.seconds * 1_000_000_000 + slice.components.attoseconds / 1_000_000_000
            var request = timespec(tv_sec: 0, tv_nsec: Int(nanoseconds))
            nanosleep(&request, nil)
        }
        return false
    }
}
