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

    /// Whether a violation denies the request or only warns (`--enforcement`; the path `/validate/warn` forces `warn`).
    package enum Enforcement: String, Sendable, Hashable, CaseIterable {
        /// Violations deny the request (the default).
        case deny
        /// Violations are admitted, each as a `would deny: <field>: <message>` warning; a Server whose overlaps
        /// cannot be checked yet is admitted too, as `--unsynced allow` would.
        case warn
    }

    package var enforcement: Enforcement
    /// Only the overlap rule's mode (`--overlap`); deprecated in favour of `enforcement`, which covers every rule.
    package var overlapMode: OverlapMode
    package var unsyncedPolicy: UnsyncedPolicy
    /// The outage after which Server verdicts warn by default.
    package static let defaultStaleStateWarningSeconds: Double = 60
    /// How long (seconds) the cache may go without reaching the API server before verdicts that read it carry a
    /// warning that the cluster state they used may be old.
    package var staleStateWarningSeconds: Double

    package init(
        enforcement: Enforcement = .deny, overlapMode: OverlapMode = .deny, unsyncedPolicy: UnsyncedPolicy = .deny,
        staleStateWarningSeconds: Double = Self.defaultStaleStateWarningSeconds
    ) {
        self.enforcement = enforcement
        self.overlapMode = overlapMode
        self.unsyncedPolicy = unsyncedPolicy
        self.staleStateWarningSeconds = staleStateWarningSeconds
    }
}
