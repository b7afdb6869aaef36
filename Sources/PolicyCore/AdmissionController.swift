// PolicyCore: every rule of the webhook, as pure functions of an object, its old version and a cluster snapshot.
// It must never import a socket, a TLS, a logging or a file module: it returns reasons, the runtime logs them.
//
// [ AdmissionRequest ] -> KindRegistry -> [ ObjectValidator ]* -> Ratchet -> [ AdmissionResponse ]

import KubeCache
import PolicyAPI

/// Decides one AdmissionRequest: a synchronous, total function of the request and a cluster snapshot.
package struct AdmissionController: Sendable {
    package let configuration: AdmissionConfiguration
    package let registry: KindRegistry

    package init(configuration: AdmissionConfiguration = AdmissionConfiguration(), registry: KindRegistry = .standard) {
        self.configuration = configuration
        self.registry = registry
    }

    /// Reviews a request against the snapshot, under `enforcement` (the configured one when nil).
    package func review(
        _ request: AdmissionRequest, snapshot: ClusterSnapshot, enforcement: AdmissionConfiguration.Enforcement? = nil
    ) -> AdmissionResponse {
        let verdict = self.verdict(for: request, snapshot: snapshot, enforcement: enforcement)
        return verdict.response(uid: request.uid)
    }

    /// A verdict and the parts of rule 8 whose warnings it carries (the metrics count them).
    package struct Assessment: Sendable, Hashable {
        package var verdict: Verdict
        /// Distinct, in the order their warnings appear; empty unless the object is admitted.
        package var trafficRules: [TrafficWarning.Rule]
    }

    /// The verdict with rule 8's warnings: those are sent only when the object is admitted (under enforcement
    /// `warn` too), as a refused change denies no traffic.
    package func assess(
        _ request: AdmissionRequest, snapshot: ClusterSnapshot, enforcement: AdmissionConfiguration.Enforcement? = nil
    ) -> Assessment {
        let enforcement = enforcement ?? self.configuration.enforcement
        let (verdict, trafficWarnings) = self.enforcedVerdict(for: request, snapshot: snapshot, enforcement: enforcement)
        var enforced = verdict.enforced(enforcement)
        guard enforced.isAllowed else { return Assessment(verdict: enforced, trafficRules: []) }
        var rules: [TrafficWarning.Rule] = []
        for warning in trafficWarnings {
            enforced = enforced.addingWarning(warning.message)
            if !rules.contains(warning.rule) { rules.append(warning.rule) }
        }
        return Assessment(verdict: enforced, trafficRules: rules)
    }

    /// The decision and its reasons under `enforcement` (the configured one when nil), before they are phrased as a
    /// response. In `warn` nothing is denied: violations become `.wouldDeny`, and a Server whose overlaps need the
    /// unsynced cache is judged without them, as `--unsynced allow` does.
    package func verdict(
        for request: AdmissionRequest, snapshot: ClusterSnapshot, enforcement: AdmissionConfiguration.Enforcement? = nil
    ) -> Verdict {
        self.assess(request, snapshot: snapshot, enforcement: enforcement).verdict
    }

    /// The verdict before a denial is turned into `.wouldDeny`, and rule 8's warnings apart.
    private func enforcedVerdict(
        for request: AdmissionRequest, snapshot: ClusterSnapshot, enforcement: AdmissionConfiguration.Enforcement
    ) -> (Verdict, [TrafficWarning]) {
        switch request.operation {
        case .create, .update: break
        case .delete: return (.allowed(warnings: []), self.deletionWarnings(for: request, snapshot: snapshot))
        case .connect, .other: return (.allowed(warnings: []), [])
        }
        guard let entry = self.registry.lookup(group: request.kind.group, kind: request.kind.kind) else {
            return (.allowed(warnings: []), [])
        }
        guard entry.isLenient || entry.versions.contains(request.kind.version) else {
            return (.allowed(warnings: ["\(request.kind.apiVersion) \(request.kind.kind) is not a version this webhook knows; not checked"]), [])
        }
        guard let object = request.object else {
            return (.allowed(warnings: ["\(request.operation.name) without an object; not checked"]), [])
        }
        if entry.needsCache && !snapshot.isSynced {
            switch enforcement == .warn ? .allow : self.configuration.unsyncedPolicy {
            case .deny:
                return (.unavailable("the webhook's cluster cache is still syncing, so overlapping Servers cannot be checked yet; retry in a few seconds"), [])
            case .allow:
                let (verdict, traffic) = self.judge(request, object: object, entry: entry, snapshot: snapshot)
                return (verdict.addingWarning("the cluster cache is not synced yet: overlapping Servers were not checked"), traffic)
            }
        }
        let (verdict, traffic) = self.judge(request, object: object, entry: entry, snapshot: snapshot)
        if entry.needsCache, let outage = snapshot.feedOutageSeconds, outage >= self.configuration.staleStateWarningSeconds {
            return (verdict.addingWarning(Self.staleStateWarning(outage)), traffic)
        }
        return (verdict, traffic)
    }

    /// A DELETE is always allowed (rule 6); rule 8c may warn about the traffic it denies, read from `oldObject`.
    private func deletionWarnings(for request: AdmissionRequest, snapshot: ClusterSnapshot) -> [TrafficWarning] {
        guard let oldObject = request.oldObject,
            self.registry.lookup(group: request.kind.group, kind: request.kind.kind) != nil
        else { return [] }
        let namespace = request.namespace.isEmpty ? (oldObject["metadata"]?["namespace"]?.stringValue ?? "") : request.namespace
        return TrafficImpact.deletionWarnings(oldObject, namespace: namespace, snapshot: snapshot)
    }

    /// Under 120 characters, as kubectl shows warnings.
    static func staleStateWarning(_ seconds: Double) -> String {
        let minutes = Int(seconds / 60)
        let age = minutes >= 1 ? "\(minutes) min" : "\(Int(seconds)) s"
        return "the API server has been unreachable for \(age): overlaps were checked against the last known cluster state"
    }

    /// Runs the kind's validators on the object (and its old version on UPDATE) and ratchets the result.
    private func judge(
        _ request: AdmissionRequest, object: JSONValue, entry: SupportedKind, snapshot: ClusterSnapshot
    ) -> (Verdict, [TrafficWarning]) {
        let context = ValidationContext(
            kind: request.kind,
            namespace: request.namespace.isEmpty ? (object["metadata"]?["namespace"]?.stringValue ?? "") : request.namespace,
            name: request.name.isEmpty ? (object["metadata"]?["name"]?.stringValue ?? "") : request.name,
            operation: request.operation,
            snapshot: snapshot,
            oldObject: request.oldObject
        )
        let report = Self.run(entry.validators, on: object, context: context)
        let violations = report.sortedViolations
        var outcome = Ratchet.Outcome(newViolations: violations, preExisting: [])
        // Only violations are ratcheted: an object without any needs no second run on its old version.
        if request.operation == .update, !violations.isEmpty, let oldObject = request.oldObject {
            let oldReport = Self.run(entry.validators, on: oldObject, context: context)
            outcome = Ratchet.compare(violations, of: object, with: oldReport.violations, of: oldObject)
        }
        var denying = outcome.newViolations
        var warnings = outcome.preExisting.map(Ratchet.warning(for:))
        if self.configuration.overlapMode == .warn {
            let overlaps = denying.filter { $0.rule == .overlap }
            denying.removeAll { $0.rule == .overlap }
            warnings += overlaps.map { "\($0.message) (overlap mode warn: admitted)" }
        }
        warnings += report.warnings
        if denying.isEmpty { return (.allowed(warnings: warnings), report.trafficWarnings) }
        return (.denied(violations: denying, warnings: warnings), report.trafficWarnings)
    }

    private static func run(_ validators: [any ObjectValidator], on object: JSONValue, context: ValidationContext) -> ValidationReport {
        var report = ValidationReport()
        for validator in validators {
            validator.validate(object, context: context, into: &report)
        }
        return report
    }
}
