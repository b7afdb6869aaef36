import PolicyAPI

/// What the rules read of each kind of object, so the request path builds only that (issue: work must scale with
/// what the rules read, not with the size of the object). Everything else is checked for syntax only.
enum ReadPlans {
    /// Metadata without managedFields and without kubectl's copy of the whole object.
    static let metadata = JSONReadPlan.metadataWithoutHistory

    /// Policy resources and routes: the whole spec and the metadata; never the status.
    static let policyObject = JSONReadPlan.members(["metadata": metadata, "status": .skip], otherwise: .all)

    /// Namespaces and Pods: only their metadata (rule 5 reads an annotation).
    static let metadataOnly = JSONReadPlan.members(["metadata": metadata], otherwise: .skip)

    /// A workload spec: only the pod template's metadata.
    static let templateSpec = JSONReadPlan.members(["template": .members(["metadata": metadata], otherwise: .skip)], otherwise: .skip)

    /// Workloads: their own metadata and the pod template's.
    static let podTemplate = JSONReadPlan.members(["metadata": metadata, "spec": templateSpec], otherwise: .skip)

    /// CronJobs: the pod template inside the job template.
    static let cronJobTemplate = JSONReadPlan.members(
        ["metadata": metadata, "spec": .members(["jobTemplate": .members(["spec": templateSpec], otherwise: .skip)], otherwise: .skip)],
        otherwise: .skip
    )
}

extension KindRegistry {
    /// What to build of an object of kind `kind`: nothing for kinds the webhook does not validate.
    package func readPlan(for kind: GroupVersionKind) -> JSONReadPlan {
        guard let entry = self.lookup(group: kind.group, kind: kind.kind) else { return .skip }
        return entry.readPlan
    }
}
