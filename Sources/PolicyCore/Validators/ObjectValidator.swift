import PolicyAPI

/// Checks one kind of object. Pure: everything it may read is in the object and the context.
package protocol ObjectValidator: Sendable {
    /// Appends every violation and warning of `object` to `report`.
    func validate(_ object: JSONValue, context: ValidationContext, into report: inout ValidationReport)

    /// What this validator checks of objects of `kind`; nil when it has no rules for that kind and version.
    /// `KindRegistryTests` asks this of every pairing the registry admits; the validators that pick rules by kind or
    /// version also deny, at run time, an object they have no rules for rather than admit it unchecked.
    func coverage(of kind: GroupVersionKind) -> ValidatorCoverage?
}

/// What a validator checks of one kind and version: its structure, an annotation, or its relation to the cluster.
package enum ValidatorCoverage: Sendable {
    /// The CRD's openAPIV3Schema for that version, and the rules on top of it.
    case schema(Schema)
    /// An annotation at this path (rule 5 on built-in kinds, which have no CRD schema of ours).
    case annotation(FieldPath)
    /// Rules against the cached cluster (overlapping Servers).
    case clusterState
}

extension ValidationReport {
    /// Denies an object a validator has no rules for: a kind or version paired with it by mistake is refused with a
    /// reason naming it, never admitted unchecked.
    mutating func denyUnknownVersion(of kind: GroupVersionKind, by validator: String) {
        self.add(
            .schema, at: FieldPath("apiVersion"),
            "\(kind.apiVersion) \(kind.kind) has no rules in \(validator); this webhook cannot check it"
        )
    }
}
