import PolicyAPI
import PolicyCore

/// Renders an audit for people (text) or tools (JSON): violations, existing Server overlaps, warnings and the
/// collections that were not served, each in its own section.
package struct AuditReport: Sendable {
    package let result: ClusterAuditor.Result

    package init(result: ClusterAuditor.Result) {
        self.result = result
    }

    /// How many objects enforcement would refuse.
    package var deniedCount: Int { self.result.findings.filter(\.isDenied).count }

    /// The exit status: 1 when anything would be denied, else 0 (overlaps alone deny nothing new).
    package var exitStatus: Int32 { self.deniedCount > 0 ? 1 : 0 }

    /// `kind namespace/name` (`kind name` when cluster-scoped).
    static func objectName(_ finding: ClusterAudit.Finding) -> String {
        finding.namespace.isEmpty ? "\(finding.kind) \(finding.name)" : "\(finding.kind) \(finding.namespace)/\(finding.name)"
    }

    /// The shared pods and ports of an overlap, counted beyond the few named.
    static func sharedText(_ overlap: ExistingOverlaps.Overlap) -> String {
        guard !overlap.sharedPorts.isEmpty else { return "identical selectors and port (no pod selected today)" }
        let more = overlap.sharedPortCount - overlap.sharedPorts.count
        return "on " + overlap.sharedPorts.joined(separator: ", ") + (more > 0 ? " and \(more) more" : "")
    }

    /// Sections `violations`, `overlaps`, `warnings`, `not served`, then a summary line.
    package var text: String {
        var text = ""
        let denied = self.result.findings.filter(\.isDenied)
        if !denied.isEmpty {
            text += "violations:\n"
            for finding in denied {
                text += "  \(Self.objectName(finding)) (\(finding.apiVersion)):\n"
                for violation in finding.violations {
                    text += "    - \(violation.path): \(violation.message) [\(violation.rule.rawValue)]\n"
                }
            }
        }
        if !self.result.overlaps.isEmpty {
            text += "overlapping Servers (Linkerd applies the first named):\n"
            for overlap in self.result.overlaps {
                let other = overlap.appliedServer == overlap.server ? overlap.otherServer : overlap.server
                text += "  \(overlap.namespace): \(overlap.appliedServer) over \(other) \(Self.sharedText(overlap))\n"
            }
        }
        let warned = self.result.findings.filter { !$0.warnings.isEmpty }
        if !warned.isEmpty {
            text += "warnings:\n"
            for finding in warned {
                for warning in finding.warnings { text += "  \(Self.objectName(finding)): \(warning)\n" }
            }
        }
        let missing = self.result.collections.filter { $0.version == nil }
        if !missing.isEmpty {
            text += "not served (CRD not installed, skipped):\n"
            for collection in missing {
                text += "  \(collection.kind)\(collection.group.isEmpty ? "" : ".\(collection.group)")\n"
            }
        }
        text += "\(self.result.checked) objects checked, \(self.deniedCount) denied, \(warned.count) with warnings, "
            + "\(self.result.overlaps.count) overlapping Server \(self.result.overlaps.count == 1 ? "pair" : "pairs")\n"
        return text
    }

    /// `{"violations":[...],"overlaps":[...],"warnings":[...],"collections":[...],"checked":N,"denied":M}`; the
    /// overlaps in the same form as the admin port's `/overlaps`.
    package var json: String {
        var writer = JSONWriter()
        writer.raw("{\"violations\":[")
        var first = true
        for finding in self.result.findings {
            for violation in finding.violations {
                if !first { writer.raw(",") }
                first = false
                Self.writeObject(finding, into: &writer)
                writer.raw(",")
                violation.writeJSONFields(into: &writer)
                writer.raw("}")
            }
        }
        writer.raw("],\"overlaps\":")
        ExistingOverlaps.writeJSON(self.result.overlaps, into: &writer)
        writer.raw(",\"warnings\":[")
        first = true
        for finding in self.result.findings {
            for warning in finding.warnings {
                if !first { writer.raw(",") }
                first = false
                Self.writeObject(finding, into: &writer)
                writer.raw(",\"message\":")
                writer.string(warning)
                writer.raw("}")
            }
        }
        writer.raw("],\"collections\":[")
        for (index, collection) in self.result.collections.enumerated() {
            if index > 0 { writer.raw(",") }
            writer.raw("{\"kind\":")
            writer.string(collection.kind)
            writer.raw(",\"group\":")
            writer.string(collection.group)
            writer.raw(",\"served\":")
            writer.bool(collection.version != nil)
            if let version = collection.version {
                writer.raw(",\"version\":")
                writer.string(version)
            }
            writer.raw(",\"count\":")
            writer.integer(collection.count)
            writer.raw("}")
        }
        writer.raw("],\"checked\":")
        writer.integer(self.result.checked)
        writer.raw(",\"denied\":")
        writer.integer(self.deniedCount)
        writer.raw("}\n")
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Opens an object member with the finding's `kind`, `apiVersion`, `namespace` and `name`.
    private static func writeObject(_ finding: ClusterAudit.Finding, into writer: inout JSONWriter) {
        writer.raw("{\"kind\":")
        writer.string(finding.kind)
        writer.raw(",\"apiVersion\":")
        writer.string(finding.apiVersion)
        writer.raw(",\"namespace\":")
        writer.string(finding.namespace)
        writer.raw(",\"name\":")
        writer.string(finding.name)
    }
}
