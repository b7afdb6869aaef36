import Synchronization

/// Facts about a running `HTTPServer` that tests synchronise on instead of sleeping: each is a counter the loops
/// raise as the fact happens (relaxed atomics, one add on the paths they count).
package final class ServerProbe: Sendable {
    private let partialReads = Atomic<Int>(0)
    private let closedListeners = Atomic<Int>(0)
    private let reloads = Atomic<Int>(0)
    private let rejectedReloads = Atomic<Int>(0)

    package init() {}

    /// Reads after which a connection held part of a request (its head or body not yet complete): such a
    /// connection is in flight, so a shutdown drains it instead of closing it.
    package var partialRequestReads: Int { self.partialReads.load(ordering: .relaxed) }

    /// Listening sockets closed so far (one per event loop, closed when the loop begins shutting down).
    package var listenersClosed: Int { self.closedListeners.load(ordering: .relaxed) }

    /// Certificate checks that swapped in a new pair.
    package var certificateReloads: Int { self.reloads.load(ordering: .relaxed) }

    /// Certificate checks that found changed files and rejected them (the previous pair stays in use).
    package var certificateReloadsRejected: Int { self.rejectedReloads.load(ordering: .relaxed) }

    func recordCertificateReload(rejected: Bool) {
        if rejected {
            self.rejectedReloads.add(1, ordering: .relaxed)
        } else {
            self.reloads.add(1, ordering: .relaxed)
        }
    }

    func recordPartialRequestRead() {
        self.partialReads.add(1, ordering: .relaxed)
    }

    func recordListenerClosed() {
        self.closedListeners.add(1, ordering: .relaxed)
    }
}
