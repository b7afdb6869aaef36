import PolicyAPI
import PolicyCore
import Yams

/// `audit --output policyreport`: the findings as wgpolicyk8s.io/v1alpha2 reports, the format Kyverno and Policy
/// Reporter read: one `PolicyReport` per namespace with objects checked, and a `ClusterPolicyReport` for
/// cluster-scoped objects (Namespaces), as a YAML stream for `kubectl apply -f -`.
///
/// Results are `fail` for each violation (severity high) and each existing Server overlap (both Servers as its
/// resources), `warn` for each warning (severity low); objects without a finding are counted in `summary.pass`
/// but get no result of their own, so a report stays small in a namespace of thousands of pods.
package struct AuditPolicyReport: Sendable {
    /// The report name, policy name and result source.
    package static let name = "linkerd-policy-webhook"

    package let result: ClusterAuditor.Result
    /// When the audit ran, Unix seconds (every result's timestamp).
    package let timestamp: Int64

    package init(result: ClusterAuditor.Result, timestamp: Int64) {
        self.result = result
        self.timestamp = timestamp
    }

    /// The report documents in namespace order, the ClusterPolicyReport (if any) first.
    package var documents: [JSONValue] {
        var findingsByNamespace: [String: [ClusterAudit.Finding]] = [:]
        for finding in self.result.findings { findingsByNamespace[finding.namespace, default: []].append(finding) }
        var overlapsByNamespace: [String: [ExistingOverlaps.Overlap]] = [:]
        for overlap in self.result.overlaps { overlapsByNamespace[overlap.namespace, default: []].append(overlap) }
        let namespaces = Set(self.result.checkedByNamespace.keys).union(findingsByNamespace.keys).union(overlapsByNamespace.keys)
        return namespaces.sorted().map { namespace in
            self.report(
                namespace: namespace, findings: findingsByNamespace[namespace] ?? [], overlaps: overlapsByNamespace[namespace] ?? [],
                checked: self.result.checkedByNamespace[namespace] ?? 0)
        }
    }

    /// The documents as one YAML stream (`---` between documents).
    package var yaml: String {
        get throws {
            try Yams.serialize(nodes: self.documents.map(Self.node), explicitStart: true)
        }
    }

    /// One report: results, then a summary counting them by result; `pass` counts the objects without any result.
    private func report(namespace: String, findings: [ClusterAudit.Finding], overlaps: [ExistingOverlaps.Overlap], checked: Int) -> JSONValue {
        var results: [JSONValue] = []
        var summary = (pass: 0, fail: 0, warn: 0)
        for finding in findings {
            let resource = Self.resource(apiVersion: finding.apiVersion, kind: finding.kind, namespace: finding.namespace, name: finding.name)
            for violation in finding.violations {
                results.append(self.result(rule: violation.rule.rawValue, result: "fail", severity: "high", message: violation.description, resources: [resource]))
                summary.fail += 1
            }
            for warning in finding.warnings {
                results.append(self.result(rule: "warning", result: "warn", severity: "low", message: warning, resources: [resource]))
                summary.warn += 1
            }
        }
        for overlap in overlaps {
            let servers = [overlap.server, overlap.otherServer].map {
                Self.resource(apiVersion: self.serverAPIVersion, kind: "Server", namespace: overlap.namespace, name: $0)
            }
            let other = overlap.appliedServer == overlap.server ? overlap.otherServer : overlap.server
            let message = "Servers \(overlap.server) and \(overlap.otherServer) select the same pod ports "
                + "(\(AuditReport.sharedText(overlap))); Linkerd applies \(overlap.appliedServer), \(other) has no effect there"
            results.append(self.result(rule: "existing-overlap", result: "fail", severity: "high", message: message, resources: servers))
            summary.fail += 1
        }
        summary.pass = max(0, checked - findings.count)
        var metadata: JSONObject = ["name": .string(Self.name)]
        if !namespace.isEmpty { metadata["namespace"] = .string(namespace) }
        metadata["labels"] = .object(["app.kubernetes.io/managed-by": .string(Self.name)])
        return .object([
            "apiVersion": .string("wgpolicyk8s.io/v1alpha2"),
            "kind": .string(namespace.isEmpty ? "ClusterPolicyReport" : "PolicyReport"),
            "metadata": .object(metadata),
            "results": .array(results),
            "summary": .object([
                "pass": .integer(Int64(summary.pass)), "fail": .integer(Int64(summary.fail)), "warn": .integer(Int64(summary.warn)),
                "error": .integer(0), "skip": .integer(0),
            ]),
        ])
    }

    /// The Server version the audit listed, which the cluster serves; overlaps are only found when Servers were listed.
    private var serverAPIVersion: String {
        let listed = self.result.collections.first { $0.group == "policy.linkerd.io" && $0.kind == "Server" }?.version
        return "policy.linkerd.io/\(listed ?? "v1beta3")"
    }

    /// One result entry.
    private func result(rule: String, result: String, severity: String, message: String, resources: [JSONValue]) -> JSONValue {
        .object([
            "source": .string(Self.name),
            "policy": .string(Self.name),
            "rule": .string(rule),
            "category": .string("Linkerd policy"),
            "result": .string(result),
            "severity": .string(severity),
            "message": .string(message),
            "resources": .array(resources),
            "timestamp": .object(["seconds": .integer(self.timestamp), "nanos": .integer(0)]),
        ])
    }

    /// A result's object reference.
    private static func resource(apiVersion: String, kind: String, namespace: String, name: String) -> JSONValue {
        var reference: JSONObject = ["apiVersion": .string(apiVersion), "kind": .string(kind)]
        if !namespace.isEmpty { reference["namespace"] = .string(namespace) }
        reference["name"] = .string(name)
        return .object(reference)
    }

    /// The YAML node of a JSON value: strings tagged `!!str` so none reads back as a number or a boolean.
    static func node(_ value: JSONValue) -> Node {
        switch value {
        case .null: return Node("null", Tag(.null))
        case .bool(let bool): return Node(bool ? "true" : "false", Tag(.bool))
        case .integer(let integer): return Node(String(integer), Tag(.int))
        case .double(let double): return Node(String(double), Tag(.float))
        case .string(let string): return Node(string, Tag(.str))
        case .array(let elements): return Node(elements.map(Self.node))
        case .object(let members): return Node(members.map { (Node($0.key, Tag(.str)), Self.node($0.value)) })
        }
    }
}
