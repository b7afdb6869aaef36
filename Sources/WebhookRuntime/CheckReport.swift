import PolicyAPI
import PolicyCore

/// Renders `check` findings for people (text) or CI (JSON).
package struct CheckReport: Sendable {
    package let findings: [ManifestChecker.Finding]

    package init(findings: [ManifestChecker.Finding]) {
        self.findings = findings
    }

    /// True when every object was admitted.
    package var isClean: Bool { self.findings.allSatisfy(\.verdict.isAllowed) }

    /// One block per object with a violation or warning, then a summary line.
    package var text: String {
        var text = ""
        var denied = 0
        for finding in self.findings {
            let object = "\(finding.source) (document \(finding.documentIndex)) \(finding.kind)/\(finding.name)"
            switch finding.verdict {
            case .allowed(let warnings):
                for warning in warnings { text += "\(object): warning: \(warning)\n" }
            case .wouldDeny(let violations, let warnings):
                for violation in violations { text += "\(object): warning: \(Verdict.wouldDenyWarning(violation))\n" }
                for warning in warnings { text += "\(object): warning: \(warning)\n" }
            case .denied(let violations, let warnings):
                denied += 1
                text += "\(object): denied\n"
                for violation in violations { text += "  - \(violation)\n" }
                for warning in warnings { text += "  warning: \(warning)\n" }
            case .unavailable(let reason):
                denied += 1
                text += "\(object): not decided: \(reason)\n"
            }
        }
        text += "\(self.findings.count) \(self.findings.count == 1 ? "object" : "objects") checked, \(denied) denied\n"
        return text
    }

    /// `{"objects": [...], "checked": N, "denied": M}` with every violation and warning.
    package var json: String {
        var writer = JSONWriter()
        writer.raw("{\"objects\":[")
        var denied = 0
        for (index, finding) in self.findings.enumerated() {
            if index > 0 { writer.raw(",") }
            writer.raw("{\"source\":")
            writer.string(finding.source)
            writer.raw(",\"document\":")
            writer.integer(finding.documentIndex)
            writer.raw(",\"kind\":")
            writer.string(finding.kind)
            writer.raw(",\"namespace\":")
            writer.string(finding.namespace)
            writer.raw(",\"name\":")
            writer.string(finding.name)
            writer.raw(",\"allowed\":")
            writer.bool(finding.verdict.isAllowed)
            var violations: [Violation] = []
            var warnings: [String] = []
            switch finding.verdict {
            case .allowed(let found): warnings = found
            case .wouldDeny(let found, let foundWarnings):
                violations = found
                warnings = foundWarnings
            case .denied(let found, let foundWarnings):
                violations = found
                warnings = foundWarnings
                denied += 1
            case .unavailable(let reason):
                violations = [Violation(.overlap, at: .root, reason)]
                denied += 1
            }
            writer.raw(",\"violations\":[")
            for (position, violation) in violations.enumerated() {
                if position > 0 { writer.raw(",") }
                writer.raw("{")
                violation.writeJSONFields(into: &writer)
                writer.raw("}")
            }
            writer.raw("],\"warnings\":")
            writer.stringArray(warnings)
            writer.raw("}")
        }
        writer.raw("],\"checked\":")
        writer.integer(self.findings.count)
        writer.raw(",\"denied\":")
        writer.integer(denied)
        writer.raw("}\n")
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
