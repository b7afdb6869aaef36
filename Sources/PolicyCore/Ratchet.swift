import PolicyAPI

/// Rule 7: on UPDATE, violations the old object already had are kept with a warning; only new ones deny.
///
/// Mirrors Kubernetes' CRD validation ratcheting: a violation is the same when it breaks the same rule at the same
/// field path and the value at that path is unchanged; an overlap is the same when it is with the same Server.
package enum Ratchet {
    /// The violations of an UPDATE, split.
    package struct Outcome: Sendable, Hashable {
        package var newViolations: [Violation]
        package var preExisting: [Violation]
    }

    /// Splits `violations` of `object` into new ones and ones `oldObject` already had.
    package static func compare(
        _ violations: [Violation], of object: JSONValue, with oldViolations: [Violation], of oldObject: JSONValue
    ) -> Outcome {
        var outcome = Outcome(newViolations: [], preExisting: [])
        for violation in violations {
            let existed = oldViolations.contains { old in
                guard old.rule == violation.rule, old.path == violation.path else { return false }
                if let subject = violation.subject { return old.subject == subject }
                return violation.path.value(in: object) == old.path.value(in: oldObject)
            }
            if existed {
                outcome.preExisting.append(violation)
            } else {
                outcome.newViolations.append(violation)
            }
        }
        return outcome
    }

    /// The warning for a kept violation: `pre-existing`, the field path (or the other Server) and what is wrong,
    /// without the advice, so it stays short enough for kubectl.
    package static func warning(for violation: Violation) -> String {
        if violation.rule == .overlap, let subject = violation.subject {
            return "\(violation.path): pre-existing overlap with Server \(Quote.value(subject)) kept on update"
        }
        let problem = violation.message.split(separator: ";", maxSplits: 1).first.map(String.init) ?? violation.message
        return "\(violation.path): pre-existing violation kept on update: \(problem)"
    }
}
