import PolicyAPI

/// What the cache keeps of each kind, as JSON read plans: a LIST page or watch event builds only that, so a sync
/// of 100,000 pods (hundreds of megabytes of JSON) allocates a few fields per pod, not the whole object.
extension ResourceKind {
    /// Status fields of ERROR events and the kind/apiVersion of every object: always kept.
    private static let envelope: [String: JSONReadPlan] = [
        "apiVersion": .all, "kind": .all, "code": .all, "reason": .all, "message": .all,
    ]

    /// Metadata without managedFields and kubectl's last-applied copy.
    private static let metadata = JSONReadPlan.metadataWithoutHistory

    /// A pod: identity, labels, declared ports (and native sidecars' restart policy), phase.
    private static let pod: JSONReadPlan = {
        let container = JSONReadPlan.members(["name": .all, "ports": .all, "restartPolicy": .all], otherwise: .skip)
        var members = Self.envelope
        members["metadata"] = .members(
            ["name": .all, "namespace": .all, "uid": .all, "labels": .all, "resourceVersion": .all], otherwise: .skip)
        members["spec"] = .members(["containers": .elements(container), "initContainers": .elements(container)], otherwise: .skip)
        members["status"] = .members(["phase": .all], otherwise: .skip)
        return .members(JSONReadPlan.Members(members), otherwise: .skip)
    }()

    /// A Server or ExternalWorkload: everything but managedFields, the last-applied copy and the status.
    private static let custom = JSONReadPlan.members(["metadata": metadata, "status": .skip], otherwise: .all)

    /// The plan for one object of this kind (also an event's or a list item's).
    package var objectPlan: JSONReadPlan {
        switch self {
        case .pods: return Self.pod
        case .servers, .externalWorkloads: return Self.custom
        }
    }

    /// The plan for a LIST page: its items and the list metadata (resourceVersion, continue).
    package var listPlan: JSONReadPlan {
        .members(["items": .elements(self.objectPlan), "metadata": .all], otherwise: .skip)
    }

    /// The plan for a watch event.
    package var eventPlan: JSONReadPlan {
        .members(["type": .all, "object": self.objectPlan], otherwise: .skip)
    }
}
