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

/// The live cache: the reflectors are its only writers; readers take cheap copy-on-write snapshots.
package final class SnapshotStore: SnapshotProvider {
    private let state: Mutex<ClusterSnapshot>

    package init(_ initial: ClusterSnapshot = ClusterSnapshot(isSynced: false)) {
        self.state = Mutex(initial)
    }

    package func snapshot() -> ClusterSnapshot {
        self.state.withLock { $0 }
    }

    /// Applies a change to the cached state.
    package func update(_ change: (inout ClusterSnapshot) -> Void) {
        self.state.withLock { change(&$0) }
    }
}
