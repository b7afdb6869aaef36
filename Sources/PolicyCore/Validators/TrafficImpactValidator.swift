import KubeCache
import PolicyAPI

/// Rule 8: warnings (never denials) for valid changes that will deny traffic, read against the cached cluster.
package struct TrafficImpactValidator: ObjectValidator {
    /// The kind of object under review.
    package enum Subject: Sendable {
        case server, route, namespace
        /// A Deployment, StatefulSet, DaemonSet, ReplicaSet or Job (its pod template's default-inbound-policy).
        case workload
    }

    let subject: Subject

    package init(_ subject: Subject) {
        self.subject = subject
    }

    /// Cluster-state warnings only: any version of the kinds it is paired with.
    package func coverage(of kind: GroupVersionKind) -> ValidatorCoverage? { .clusterState }

    package func validate(_ object: JSONValue, context: ValidationContext, into report: inout ValidationReport) {
        // A Namespace is cluster-scoped: its own objects are those of the namespace it names.
        let namespace = self.subject == .namespace && !context.name.isEmpty ? context.name : context.namespace
        // An unsynced cache could only produce false alarms; these warnings are never needed for a verdict.
        guard context.snapshot.isSynced, context.operation == .create || context.operation == .update,
            let objects = context.snapshot.namespaces[namespace]
        else { return }
        let warnings: [TrafficWarning]
        switch self.subject {
        case .server: warnings = TrafficImpact.serverWarning(object, context: context, objects: objects)
        case .route: warnings = TrafficImpact.routeWarnings(object, context: context, objects: objects)
        case .namespace: warnings = TrafficImpact.namespaceWarning(object, context: context, objects: objects)
        case .workload: warnings = TrafficImpact.workloadWarning(object, context: context)
        }
        for warning in warnings { report.warn(warning) }
    }
}
