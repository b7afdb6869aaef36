import Synchronization

/// Something that hands out the current cluster snapshot; readers keep what they got for a whole review.
package protocol SnapshotProvider: Sendable {
    func snapshot() -> ClusterSnapshot
}

/// A snapshot that never changes: an inventory file, or a test's fixture.
package struct StaticSnapshotProvider: SnapshotProvider {
    package let value: ClusterSnapshot

    package init(_ value: ClusterSnapshot) { self.value = value }

    package func snapshot() -> ClusterSnapshot { self.value }
}

/// The live cache: the reflectors are its writers (and the webhook, for Servers it just admitted); readers take
/// cheap copy-on-write snapshots.
package final class SnapshotStore: SnapshotProvider {
    private let state: Mutex<ClusterSnapshot>
    /// Since when (monotonic seconds) each failing feed has been failing, by feed name.
    private let feedsDown = Mutex<[String: Double]>([:])
    /// Monotonic seconds, injected so tests control provisional expiry.
    private let now: @Sendable () -> Double

    package init(_ initial: ClusterSnapshot = ClusterSnapshot(isSynced: false), now: @escaping @Sendable () -> Double = MonotonicClock.seconds) {
        self.state = Mutex(initial)
        self.now = now
    }

    package func snapshot() -> ClusterSnapshot {
        let outageStart = self.feedsDown.withLock { $0.values.min() }
        var taken = self.state.withLock { snapshot in
            if !snapshot.provisionalServers.isEmpty { snapshot.dropExpiredProvisionalServers(now: self.now()) }
            return snapshot
        }
        if let outageStart { taken.feedOutageSeconds = max(0, self.now() - outageStart) }
        return taken
    }

    /// Records that a feed (a reflector's list/watch) failed, or works again: snapshots then say how long the
    /// oldest current failure has lasted.
    package func setFeed(_ name: String, isWorking: Bool) {
        let now = self.now()
        self.feedsDown.withLock { down in
            if isWorking {
                down[name] = nil
            } else if down[name] == nil {
                down[name] = now
            }
        }
    }

    /// Records a Server the webhook admitted, for `lifetime` seconds unless a watch event confirms it.
    package func recordAdmitted(_ server: ServerRecord, lifetime: Double = 30) {
        let deadline = self.now() + lifetime
        self.state.withLock { $0.applyProvisional(server, until: deadline) }
    }

    /// The feed that confirms provisional Servers is down (or back): while it is, they do not age.
    package func setProvisionalConfirmation(isAvailable: Bool) {
        let now = self.now()
        self.state.withLock { snapshot in
            if isAvailable {
                snapshot.resumeProvisionalExpiry(now: now)
            } else {
                snapshot.pauseProvisionalExpiry(now: now)
            }
        }
    }

    /// Applies a change to the cached state.
    package func update(_ change: (inout ClusterSnapshot) -> Void) {
        self.state.withLock { change(&$0) }
    }
}
