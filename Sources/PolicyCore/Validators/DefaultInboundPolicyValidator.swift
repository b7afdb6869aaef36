import PolicyAPI

/// Rule 5: the `config.linkerd.io/default-inbound-policy` annotation on Namespaces and Pods, and on the pod
/// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs.
///
/// The value must parse as Linkerd's `DefaultPolicy` (policy-controller `k8s/index/src/defaults.rs`); Linkerd
/// itself only logs a bad value and falls back to the cluster default, which silently changes who may connect.
package struct DefaultInboundPolicyValidator: ObjectValidator {
    /// The annotation checked.
    package static let annotation = "config.linkerd.io/default-inbound-policy"

    package init() {}

    package func validate(_ object: JSONValue, context: ValidationContext, into report: inout ValidationReport) {
        guard let metadataPath = Self.metadataPath(for: context.kind.kind) else {
            report.denyUnknownVersion(of: context.kind, by: "DefaultInboundPolicyValidator")
            return
        }
        let path = metadataPath.field("annotations").key(Self.annotation)
        guard let value = path.value(in: object), !value.isNull else { return }
        guard let string = value.stringValue else {
            report.add(
                .annotation, at: path,
                "must be a string, found \(value.typeName); must be one of \(DefaultPolicy.allowedList)"
            )
            return
        }
        if DefaultPolicy(rawValue: string) == nil {
            report.add(
                .annotation, at: path,
                "invalid value \(Quote.value(string)); must be one of \(DefaultPolicy.allowedList) (case-sensitive)"
            )
        }
    }

    package func coverage(of kind: GroupVersionKind) -> ValidatorCoverage? {
        Self.metadataPath(for: kind.kind).map { .annotation($0.field("annotations").key(Self.annotation)) }
    }

    /// Where the annotated metadata sits for a kind; nil for kinds rule 5 does not look at.
    static func metadataPath(for kind: String) -> FieldPath? {
        switch kind {
        case "Namespace", "Pod":
            return Self.ownMetadata
        case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job":
            return Self.templateMetadata
        case "CronJob":
            return Self.jobTemplateMetadata
        default:
            return nil
        }
    }

    // Made once rather than per review: taking a dotted path apart is not free.
    private static let ownMetadata = FieldPath("metadata")
    private static let templateMetadata = FieldPath("spec.template.metadata")
    private static let jobTemplateMetadata = FieldPath("spec.jobTemplate.spec.template.metadata")
}
