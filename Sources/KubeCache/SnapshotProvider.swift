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
    /// The snapshot and the health of the feeds that write it, under one lock: every review, on every event loop,
    /// takes a snapshot, so reads share the lock and only writers (and expiring provisional Servers) take it alone.
    private struct State: Sendable {
        var snapshot: ClusterSnapshot
        /// Since when (monotonic seconds) each failing feed has been failing, by feed name.
        var feedsDown: [String: Double] = [:]
        /// The oldest of those, kept as they change so that taking a snapshot need not look.
        var outageStart: Double?
    }

    private let state: ReadWriteLock<State>
    /// Monotonic seconds, injected so tests control provisional expiry.
    private let now: @Sendable () -> Double

    package init(_ initial: ClusterSnapshot = ClusterSnapshot(isSynced: false), now: @escaping @Sendable () -> Double = MonotonicClock.seconds) {
        self.state = ReadWriteLock(State(snapshot: initial))
        self.now = now
    }

    package func snapshot() -> ClusterSnapshot {
        let settled = self.state.withReadLock { state -> ClusterSnapshot? in
            state.snapshot.provisionalServers.isEmpty && state.outageStart == nil ? state.snapshot : nil
        }
        if let settled { return settled }
        return self.state.withWriteLock { state in
            let hasProvisional = !state.snapshot.provisionalServers.isEmpty
            guard hasProvisional || state.outageStart != nil else { return state.snapshot }
            let now = self.now()
            if hasProvisional { state.snapshot.dropExpiredProvisionalServers(now: now) }
            var taken = state.snapshot
            taken.feedOutageSeconds = state.outageStart.map { max(0, now - $0) }
            return taken
        }
    }

    /// The interned label strings of the cached state.
    package var strings: StringInterner { self.state.withReadLock { $0.snapshot.strings } }

    /// A feed (a reflector's list/watch) got its data: it no longer counts as failing, and when it is the one that
    /// confirms provisional Servers, they age again.
    package func feedWorks(_ name: String, confirmsProvisionalServers: Bool) {
        self.recordFeed(name, works: true, isAnswer: false, confirmsProvisionalServers: confirmsProvisionalServers)
    }

    /// A feed failed. Snapshots then say how long the oldest current failure has lasted, unless the failure was an
    /// answer (`isAnswer`: a collection that is not served, such as an optional CRD); provisional Servers it
    /// confirms stop ageing either way, since no event can confirm them.
    package func feedFailed(_ name: String, isAnswer: Bool, confirmsProvisionalServers: Bool) {
        self.recordFeed(name, works: false, isAnswer: isAnswer, confirmsProvisionalServers: confirmsProvisionalServers)
    }

    private func recordFeed(_ name: String, works: Bool, isAnswer: Bool, confirmsProvisionalServers: Bool) {
        let now = self.now()
        self.state.withWriteLock { state in
            if works || isAnswer {
                state.feedsDown[name] = nil
            } else if state.feedsDown[name] == nil {
                state.feedsDown[name] = now
            }
            state.outageStart = state.feedsDown.values.min()
            guard confirmsProvisionalServers else { return }
            if works {
                state.snapshot.resumeProvisionalExpiry(now: now)
            } else {
                state.snapshot.pauseProvisionalExpiry(now: now)
            }
        }
    }

    /// Records a Server the webhook admitted, for `lifetime` seconds unless a watch event confirms it.
    package func recordAdmitted(_ server: ServerRecord, lifetime: Double = 30) {
        let deadline = self.now() + lifetime
        self.state.withWriteLock { $0.snapshot.applyProvisional(server, until: deadline) }
    }

    /// Applies a change to the cached state.
    package func update(_ change: (inout ClusterSnapshot) -> Void) {
        self.state.withWriteLock { change(&$0.snapshot) }
    }
}
