import KubeCache
import PolicyAPI

/// What a validator may know besides the object: the request's coordinates and the cached cluster.
package struct ValidationContext: Sendable {
    /// The group, version and kind being validated (the request's `kind`).
    package var kind: GroupVersionKind
    /// The object's namespace (the request's, or the object's own when the request has none).
    package var namespace: String
    /// The object's name (empty for `generateName` objects).
    package var name: String
    package var operation: AdmissionOperation
    /// The cluster as cached when the review started.
    package var snapshot: ClusterSnapshot
    /// The request's `oldObject` (UPDATE and DELETE), for rules that compare with it (rule 8).
    package var oldObject: JSONValue?

    package init(
        kind: GroupVersionKind, namespace: String, name: String, operation: AdmissionOperation,
        snapshot: ClusterSnapshot, oldObject: JSONValue? = nil
    ) {
        self.oldObject = oldObject
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.operation = operation
        self.snapshot = snapshot
    }
}
