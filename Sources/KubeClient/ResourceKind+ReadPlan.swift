import KubeCache
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

    /// A pod: identity, labels, its own default-inbound-policy annotation, declared ports (and native sidecars'
    /// restart policy), HTTP probes' ports and paths, phase.
    private static let pod: JSONReadPlan = {
        let probe = JSONReadPlan.members(
            ["httpGet": .members(["port": .all, "path": .all], otherwise: .skip)], otherwise: .skip)
        let container = JSONReadPlan.members(
            [
                "name": .all, "ports": .all, "restartPolicy": .all,
                "livenessProbe": probe, "readinessProbe": probe, "startupProbe": probe,
            ],
            otherwise: .skip
        )
        var members = Self.envelope
        members["metadata"] = .members(
            [
                "name": .all, "namespace": .all, "uid": .all, "labels": .all, "resourceVersion": .all,
                "annotations": .members([PodRecord.defaultPolicyAnnotation: .all], otherwise: .skip),
            ],
            otherwise: .skip
        )
        members["spec"] = .members(["containers": .elements(container), "initContainers": .elements(container)], otherwise: .skip)
        members["status"] = .members(["phase": .all], otherwise: .skip)
        return .members(JSONReadPlan.Members(members), otherwise: .skip)
    }()

    /// A Server or ExternalWorkload: everything but managedFields, the last-applied copy and the status.
    private static let custom = JSONReadPlan.members(["metadata": metadata, "status": .skip], otherwise: .all)

    /// An AuthorizationPolicy or ServerAuthorization: identity and what it attaches to (rule 8).
    private static let authorization: JSONReadPlan = {
        var members = Self.envelope
        members["metadata"] = metadata
        members["spec"] = .members(["targetRef": .all, "server": .all], otherwise: .skip)
        return .members(JSONReadPlan.Members(members), otherwise: .skip)
    }()

    /// An HTTPRoute: identity, parents and the rules' path matches (rule 8).
    private static let route: JSONReadPlan = {
        let match = JSONReadPlan.members(["path": .all], otherwise: .skip)
        let rule = JSONReadPlan.members(["matches": .elements(match)], otherwise: .skip)
        var members = Self.envelope
        members["metadata"] = metadata
        members["spec"] = .members(["parentRefs": .all, "rules": .elements(rule)], otherwise: .skip)
        return .members(JSONReadPlan.Members(members), otherwise: .skip)
    }()

    /// The plan for one object of this kind (also an event's or a list item's).
    package var objectPlan: JSONReadPlan {
        switch self {
        case .pods: return Self.pod
        case .servers, .externalWorkloads: return Self.custom
        case .authorizationPolicies, .serverAuthorizations: return Self.authorization
        case .policyHTTPRoutes, .gatewayHTTPRoutes: return Self.route
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
