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
///
/// A review only ever reads: the writers publish the snapshot together with the feeds' health, and whatever
/// depends on the time (which provisional Servers are past their deadline, how long an outage has lasted) is
/// computed from the injected clock on the reader's own copy. Expired provisional Servers are hidden by that copy
/// (`ClusterSnapshot.provisionalCutoff`) and dropped for good by the next write.
///
/// Readers wait for nothing a writer does but the swap of one value: a writer (one at a time) builds the next
/// version from a copy of the published one, so the copy-on-write copies of what it changes are made outside the
/// readers' lock, then publishes it. Nor does a reader free what a writer replaced: the writer keeps each
/// replaced version that a reader still holds (`ClusterSnapshot.publication` tells) and lets it go on a later
/// write, once no reader holds it, so the last reference, and the work of freeing, stays with the writer.
package final class SnapshotStore: SnapshotProvider {
    /// The snapshot and the health of the feeds that write it, under one lock: every review, on every event loop,
    /// takes a snapshot under the shared lock; only writers take it alone.
    private struct State: Sendable {
        var snapshot: ClusterSnapshot
        /// Since when (monotonic seconds) each failing feed has been failing, by feed name.
        var feedsDown: [String: Double] = [:]
        /// The oldest of those, kept as they change so that taking a snapshot need not look.
        var outageStart: Double?
        /// Whether the snapshot holds provisional Servers that may expire (some exist, expiry not paused): only
        /// then does a reader need the time.
        var hasExpiringProvisionalServers = false
    }

    private let state: ReadWriteLock<State>
    /// Taken by each writer for the whole of its write: the replaced versions that readers still held when they
    /// were replaced.
    private let writer = Mutex(RetiredVersions())
    /// Monotonic seconds, injected so tests control provisional expiry.
    private let now: @Sendable () -> Double

    package init(_ initial: ClusterSnapshot = ClusterSnapshot(isSynced: false), now: @escaping @Sendable () -> Double = MonotonicClock.seconds) {
        self.state = ReadWriteLock(State(snapshot: initial))
        self.now = now
    }

    /// How many replaced versions the store keeps for readers that still held them when they were replaced.
    package var retiredVersionCount: Int { self.writer.withLock { $0.versions.count } }

    /// The current snapshot, under the shared lock only; the clock is read only when provisional Servers may
    /// expire or a feed is down.
    package func snapshot() -> ClusterSnapshot {
        self.state.withReadLock { state in
            guard state.hasExpiringProvisionalServers || state.outageStart != nil else { return state.snapshot }
            let now = self.now()
            var taken = state.snapshot
            if state.hasExpiringProvisionalServers { taken.provisionalCutoff = now }
            taken.feedOutageSeconds = state.outageStart.map { max(0, now - $0) }
            return taken
        }
    }

    /// The interned label strings of the cached state.
    package var strings: StringInterner { self.state.withReadLock { $0.snapshot.strings } }

    /// How many times the store's write lock was taken so far (a test seam: reviews must not take it).
    package var writeLockAcquisitions: Int { self.state.writeLockAcquisitions }

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
        self.write { state, now in
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
        self.write { state, now in state.snapshot.applyProvisional(server, until: now + lifetime) }
    }

    /// Applies a change to the cached state.
    package func update(_ change: (inout ClusterSnapshot) -> Void) {
        self.write { state, _ in change(&state.snapshot) }
    }

    /// Runs a writer's change alone on a copy of the published state, does the writer's housekeeping (expired
    /// provisional Servers dropped, strings compacted when garbage has piled up, what readers need to know about
    /// expiry published), then swaps the result in.
    private func write(_ change: (inout State, _ now: Double) -> Void) {
        self.writer.withLock { retired in
            let now = self.now()
            var next = self.state.withReadLock { state in copy state }
            change(&next, now)
            next.snapshot.dropExpiredProvisionalServers(now: now)
            next.snapshot.compactStringsIfNeeded()
            next.snapshot.provisionalCutoff = nil
            next.hasExpiringProvisionalServers =
                !next.snapshot.provisionalServers.isEmpty && next.snapshot.provisionalExpiryPausedAt == nil
            next.snapshot.publication = ClusterSnapshot.Publication()
            self.state.withWriteLock { swap(&$0, &next) }
            retired.retire(&next.snapshot)
        }
    }
}

/// Versions of the snapshot a writer replaced while readers still held them, kept by the writer until they are
/// no longer held so that a reader's copy is never the last (and a review never pays for freeing a version).
struct RetiredVersions: ~Copyable {
    /// Past this many, the oldest goes at once: a reader that held a version through so many writes frees it.
    static let limit = 64

    private(set) var versions: [ClusterSnapshot] = []

    /// Keeps a copy of `replaced` if a reader still holds it (otherwise the caller's is the last, and frees it), and
    /// drops the kept versions no reader holds any more.
    mutating func retire(_ replaced: inout ClusterSnapshot) {
        var index = 0
        while index < self.versions.count {
            if isKnownUniquelyReferenced(&self.versions[index].publication) {
                self.versions.remove(at: index)
            } else {
                index += 1
            }
        }
        if !isKnownUniquelyReferenced(&replaced.publication) { self.versions.append(replaced) }
        if self.versions.count > Self.limit { self.versions.removeFirst() }
    }
}
