import PolicyAPI

/// MeshTLSAuthentication (policy.linkerd.io v1alpha1): the CRD schema, exactly one of `identities` and
/// `identityRefs` (each non-empty), identity strings and identityRef kinds.
///
/// Mirrors linkerd2 admission.rs, `Validate<MeshTLSAuthenticationSpec>` and `validate_identity_ref`, and
/// `runtime/src/validation.rs` for identities (SPIFFE IDs included, unlike the CRD pattern).
package struct MeshTLSAuthenticationValidator: ObjectValidator {
    package init() {}

    /// The versions the CRD serves; every one has the same schema, so the registry lists exactly these.
    package static let versions = ["v1alpha1"]

    package func coverage(of kind: GroupVersionKind) -> ValidatorCoverage? {
        Self.versions.contains(kind.version) ? .schema(Self.schema) : nil
    }

    static let schema: Schema = .object(
        [
            "spec": .object([
                "identities": .array(items: .string()),
                "identityRefs": .array(items: ReferenceSchemas.reference(required: ["kind"], namespaced: true)),
            ])
        ],
        required: ["spec"]
    )

    package func validate(_ object: JSONValue, context: ValidationContext, into report: inout ValidationReport) {
        SchemaValidator.validate(object, against: Self.schema, at: .root, into: &report)
        guard let spec = object["spec"], spec.objectValue != nil else { return }
        let specPath = FieldPath.spec
        let identities = spec.presentMember("identities")
        let identityRefs = spec.presentMember("identityRefs")
        ExactlyOneOf.check(["identities": identities != nil, "identityRefs": identityRefs != nil], at: specPath, into: &report)
        if let list = identities?.arrayValue {
            if list.isEmpty {
                report.add(.semantic, at: specPath.field("identities"), "is empty; list at least one identity")
            }
            for (index, identity) in list.enumerated() {
                guard let string = identity.stringValue, !MeshIdentity.isValid(string) else { continue }
                report.add(
                    .semantic, at: specPath.field("identities").index(index),
                    "invalid identity \(Quote.value(string)); must be \(MeshIdentity.allowed)"
                )
            }
        }
        if let list = identityRefs?.arrayValue {
            if list.isEmpty {
                report.add(.semantic, at: specPath.field("identityRefs"), "is empty; list at least one identityRef")
            }
            for (index, value) in list.enumerated() {
                Self.validateIdentityRef(value, at: specPath.field("identityRefs").index(index), into: &report)
            }
        }
    }

    /// A ServiceAccount (any namespace) or a Namespace (cluster-scoped: no `namespace`), with a `name`.
    private static func validateIdentityRef(_ value: JSONValue, at path: FieldPath, into report: inout ValidationReport) {
        guard let ref = ObjectReference(value) else { return }
        let isServiceAccount = ref.targets(group: "", kind: "ServiceAccount")
        let isNamespace = ref.targets(group: "", kind: "Namespace")
        guard isServiceAccount || isNamespace else {
            report.add(
                .semantic, at: path,
                "unsupported identityRef kind \(ref.canonicalKind); must be a ServiceAccount or a Namespace"
            )
            return
        }
        if value.presentMember("name") == nil {
            report.add(.semantic, at: path.field("name"), "is required; an identityRef names its \(isNamespace ? "Namespace" : "ServiceAccount")")
        }
        if isNamespace, let namespace = value.presentMember("namespace") {
            let shown = namespace.stringValue.map(Quote.value) ?? namespace.typeName
            report.add(
                .semantic, at: path.field("namespace"),
                "a Namespace identityRef is cluster-scoped and cannot have a namespace (found \(shown)); remove namespace"
            )
        }
    }
}
