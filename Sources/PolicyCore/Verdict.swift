import PolicyAPI

/// The decision on one request, with its reasons; phrased as an AdmissionResponse at the edge.
package enum Verdict: Sendable, Hashable {
    case allowed(warnings: [String])
    case denied(violations: [Violation], warnings: [String])
    /// Enforcement `warn`: what would have been `.denied`, admitted with one `would deny:` warning per violation.
    case wouldDeny(violations: [Violation], warnings: [String])
    /// The webhook cannot decide now (cache not synced): a retryable denial.
    case unavailable(String)

    /// The longest `status.message` sent: the API server shows it verbatim.
    package static let maximumMessageLength = 4000
    /// The longest single warning: kubectl may truncate past 256 characters.
    package static let maximumWarningLength = 256
    /// At most this many warnings: past 4096 characters in total they may be dropped.
    package static let maximumWarnings = 12

    /// The prefix of the warning each violation becomes under enforcement `warn`: unmistakable in kubectl's output.
    package static let wouldDenyPrefix = "would deny: "

    /// True for `.allowed` and `.wouldDeny`: what the API server is told.
    package var isAllowed: Bool {
        switch self {
        case .allowed, .wouldDeny: return true
        case .denied, .unavailable: return false
        }
    }

    /// The closed set of outcomes the metrics count.
    package var decision: AdmissionDecision {
        switch self {
        case .allowed(let warnings): return warnings.isEmpty ? .allow : .warn
        case .wouldDeny: return .wouldDeny
        case .denied, .unavailable: return .deny
        }
    }

    /// This verdict under `enforcement`: in `warn` a denial becomes `.wouldDeny`; anything else is unchanged.
    package func enforced(_ enforcement: AdmissionConfiguration.Enforcement) -> Verdict {
        guard enforcement == .warn, case .denied(let violations, let warnings) = self else { return self }
        return .wouldDeny(violations: violations, warnings: warnings)
    }

    /// `would deny: <field path>: <message>`.
    package static func wouldDenyWarning(_ violation: Violation) -> String {
        var bytes = Array(Self.wouldDenyPrefix.utf8)
        violation.write(toUTF8: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Adds a warning to any verdict.
    package func addingWarning(_ warning: String) -> Verdict {
        switch self {
        case .allowed(let warnings): return .allowed(warnings: warnings + [warning])
        case .denied(let violations, let warnings):
            return .denied(violations: violations, warnings: warnings + [warning])
        case .wouldDeny(let violations, let warnings):
            return .wouldDeny(violations: violations, warnings: warnings + [warning])
        case .unavailable: return self
        }
    }

    /// The AdmissionResponse for this verdict.
    package func response(uid: String) -> AdmissionResponse {
        switch self {
        case .allowed(let warnings):
            return AdmissionResponse(uid: uid, isAllowed: true, warnings: Self.capped(warnings))
        case .denied(let violations, let warnings):
            return AdmissionResponse(
                uid: uid, isAllowed: false, statusCode: 403,
                message: Self.message(violations),
                warnings: Self.capped(warnings)
            )
        case .wouldDeny(let violations, let warnings):
            // The would-deny warnings come first, so the cap never drops one for an ordinary warning.
            return AdmissionResponse(uid: uid, isAllowed: true, warnings: Self.capped(violations.map(Self.wouldDenyWarning) + warnings))
        case .unavailable(let reason):
            return AdmissionResponse(uid: uid, isAllowed: false, statusCode: 503, message: reason)
        }
    }

    /// Every violation as `<field path>: <what is wrong>; <what is allowed>`, separated by ` | `, capped in
    /// length. kubectl already names the object and the webhook, so the message does not repeat them.
    package static func message(_ violations: [Violation]) -> String {
        // Assembled as UTF-8 bytes and made a String once: appending each piece to a String cost more than
        // finding the violations.
        var message: [UInt8] = []
        message.reserveCapacity(min(violations.reduce(0) { $0 + $1.message.utf8.count + 40 }, Self.maximumMessageLength + 64))
        for (index, violation) in violations.enumerated() {
            // Written in place, then taken back if it passes the cap (counted in UTF-8 bytes, as the API server
            // stores the message; whole violations are taken back, so no character is cut).
            let start = message.count
            if index > 0 { message += " | ".utf8 }
            violation.write(toUTF8: &message)
            if message.count > Self.maximumMessageLength {
                message.removeSubrange(start...)
                message += " | and \(violations.count - index) more".utf8
                break
            }
        }
        return String(decoding: message, as: UTF8.self)
    }

    private static func capped(_ warnings: [String]) -> [String] {
        var kept: [String] = []
        for warning in warnings where !kept.contains(warning) {
            if kept.count == Self.maximumWarnings { break }
            kept.append(warning.count > Self.maximumWarningLength ? String(warning.prefix(Self.maximumWarningLength - 1)) + "…" : warning)
        }
        return kept
    }
}
