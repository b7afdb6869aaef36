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

    /// The warning for a kept violation; it contains `pre-existing` and the field path.
    package static func warning(for violation: Violation) -> String {
        "pre-existing violation kept on update: \(violation)"
    }
}
