import KubeCache
import PolicyAPI

/// What the rules read of each kind of object, so the request path builds only that (issue: work must scale with
/// what the rules read, not with the size of the object). Everything else is checked for syntax only.
///
/// `PlannedParsingDifferentialTests` holds every plan to account: each recorded review must get the same verdict
/// from a planned parse as from a full one.
enum ReadPlans {
    /// The metadata fields that identify an object: the admission controller and the overlap rule read them.
    private static let identity: JSONReadPlan.Members = [
        "name": .all, "generateName": .all, "namespace": .all, "uid": .all, "creationTimestamp": .all,
    ]

    /// Metadata with only the identity and the named annotations and labels.
    private static func metadata(annotations: [String], labels: [String]) -> JSONReadPlan {
        .members(
            identity.adding([
                "annotations": Self.only(annotations),
                "labels": Self.only(labels),
            ]),
            otherwise: .skip
        )
    }

    /// An object (a map of annotations or labels) of which only `keys` are built.
    private static func only(_ keys: [String]) -> JSONReadPlan {
        .members(JSONReadPlan.Members(Dictionary(uniqueKeysWithValues: keys.map { ($0, JSONReadPlan.all) })), otherwise: .skip)
    }

    /// Policy resources: the whole spec; of the metadata, the identity and what the overlap rule reads of a
    /// Server (Helm release, ApplySet, opt-out annotation); never the status.
    static let policyObject = object(
        metadata: metadata(annotations: ServerRecord.readAnnotations, labels: ServerRecord.readLabels)
    )

    /// Servers: as policy resources, with every label (a ServerAuthorization selects Servers by them, rule 8).
    static let serverObject = object(
        metadata: .members(
            identity.adding(["annotations": Self.only(ServerRecord.readAnnotations), "labels": .all]), otherwise: .skip)
    )

    /// Routes: as policy resources, with every annotation (the retry and timeout annotations are checked).
    static let routeObject = object(
        metadata: .members(identity.adding(["annotations": JSONReadPlan.annotationsWithoutLastApplied]), otherwise: .skip)
    )

    /// A policy resource or route with this metadata plan: the whole spec, never the status.
    private static func object(metadata: JSONReadPlan) -> JSONReadPlan {
        .members(["metadata": metadata, "status": .skip], otherwise: .all)
    }

    /// Metadata of what rule 5 looks at: the identity and the default-inbound-policy annotation.
    static let annotatedMetadata = metadata(annotations: [DefaultInboundPolicyValidator.annotation], labels: [])

    /// Namespaces and Pods: only their metadata (rule 5 reads an annotation).
    static let metadataOnly = JSONReadPlan.members(["metadata": annotatedMetadata], otherwise: .skip)

    /// A workload spec: only the pod template's metadata.
    static let templateSpec = JSONReadPlan.members(
        ["template": .members(["metadata": annotatedMetadata], otherwise: .skip)], otherwise: .skip
    )

    /// Workloads: their own metadata, the pod template's, and the pod selector (rule 8d finds their pods by it).
    static let workload = JSONReadPlan.members(
        [
            "metadata": annotatedMetadata,
            "spec": .members(
                ["template": .members(["metadata": annotatedMetadata], otherwise: .skip), "selector": .all], otherwise: .skip),
        ],
        otherwise: .skip
    )

    /// CronJobs: the pod template inside the job template.
    static let cronJobTemplate = JSONReadPlan.members(
        [
            "metadata": annotatedMetadata,
            "spec": .members(["jobTemplate": .members(["spec": templateSpec], otherwise: .skip)], otherwise: .skip),
        ],
        otherwise: .skip
    )
}

extension KindRegistry: ObjectReadPlans {
    /// What to build of an object of kind `kind`: nothing for kinds the webhook does not validate.
    package func readPlan(for kind: GroupVersionKind) -> JSONReadPlan {
        guard let entry = self.lookup(group: kind.group, kind: kind.kind) else { return .skip }
        return entry.readPlan
    }
}
