/// What became of one review, as the metrics count it: a closed set, so the `decision` label is bounded.
package enum AdmissionDecision: String, Sendable, Hashable, CaseIterable {
    /// Admitted without a warning.
    case allow
    /// Admitted with warnings (ratcheted pre-existing violations, overlap mode `warn`, stale state...).
    case warn
    /// Enforcement `warn`: admitted, though the rules would have denied it.
    case wouldDeny = "would_deny"
    /// Denied (a violation, or a retryable "cannot decide yet").
    case deny
}
