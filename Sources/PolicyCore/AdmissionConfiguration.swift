/// How the controller treats the decisions operators can tune.
package struct AdmissionConfiguration: Sendable, Hashable {
    /// What an overlapping Server gets.
    package enum OverlapMode: String, Sendable, Hashable, CaseIterable {
        /// Overlaps are denied (the default).
        case deny
        /// Overlaps are admitted with a warning: for rolling the webhook out before enforcing.
        case warn
    }

    /// What a Server whose verdict needs the cache gets before the first full sync.
    package enum UnsyncedPolicy: String, Sendable, Hashable, CaseIterable {
        /// Denied with a retryable message (the default).
        case deny
        /// Admitted with a warning that overlaps were not checked.
        case allow
    }

    package var overlapMode: OverlapMode
    package var unsyncedPolicy: UnsyncedPolicy

    package init(overlapMode: OverlapMode = .deny, unsyncedPolicy: UnsyncedPolicy = .deny) {
        self.overlapMode = overlapMode
        self.unsyncedPolicy = unsyncedPolicy
    }
}
