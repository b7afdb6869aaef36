import KubeCache
import PolicyAPI

/// `audit`'s judgement of objects that already exist: each one goes through the server's controller as a CREATE
/// against the rest of the cluster's state, so audit, `check` and `serve` share every rule.
package struct ClusterAudit: Sendable {
    /// What audit reports about one object: its denial reasons and its warnings, kept apart.
    package struct Finding: Sendable, Hashable {
        package var apiVersion: String
        package var kind: String
        /// The object's namespace; "" for a cluster-scoped object.
        package var namespace: String
        package var name: String
        /// Why enforcement would refuse it (empty when it would be admitted).
        package var violations: [Violation]
        /// What it would be admitted with (warn mode's `would deny:` lines are violations, not warnings, here).
        package var warnings: [String]

        /// True when enforcement would refuse the object.
        package var isDenied: Bool { !self.violations.isEmpty }
    }

    package let controller: AdmissionController

    package init(controller: AdmissionController) {
        self.controller = controller
    }

    /// The finding on one listed object, or nil when it is admitted without a warning. `group` and `version` are
    /// those of the collection it was listed from (LIST items may leave out apiVersion and kind).
    package func judge(_ object: JSONValue, group: String, version: String, kind: String, snapshot: ClusterSnapshot) -> Finding? {
        let gvk = GroupVersionKind(group: group, version: version, kind: kind)
        let metadata = object["metadata"]
        let name = metadata?["name"]?.stringValue ?? ""
        let isClusterScoped = group.isEmpty && kind == "Namespace"
        let namespace = isClusterScoped ? "" : (metadata?["namespace"]?.stringValue ?? "")
        let request = AdmissionRequest(
            uid: "audit", kind: gvk, name: name, namespace: isClusterScoped ? name : namespace, operation: .create,
            object: Self.withTypeMeta(object, gvk: gvk))
        // Judged under deny enforcement: audit reports what enforcement would refuse whatever the server's mode.
        let verdict = self.controller.verdict(for: request, snapshot: snapshot, enforcement: .deny)
        var finding = Finding(
            apiVersion: gvk.apiVersion, kind: kind, namespace: namespace, name: name, violations: [], warnings: [])
        switch verdict {
        case .allowed(let warnings):
            finding.warnings = warnings
        case .denied(let violations, let warnings), .wouldDeny(let violations, let warnings):
            finding.violations = violations
            finding.warnings = warnings
        case .unavailable(let reason):
            finding.violations = [Violation(.overlap, at: .root, reason)]
        }
        return finding.violations.isEmpty && finding.warnings.isEmpty ? nil : finding
    }

    /// The object with `apiVersion` and `kind` set, as an admission review would carry it.
    static func withTypeMeta(_ object: JSONValue, gvk: GroupVersionKind) -> JSONValue {
        guard case .object(var members) = object else { return object }
        members["apiVersion"] = .string(gvk.apiVersion)
        members["kind"] = .string(gvk.kind)
        return .object(members)
    }
}
