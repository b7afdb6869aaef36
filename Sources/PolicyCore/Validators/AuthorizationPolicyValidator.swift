import PolicyAPI

/// AuthorizationPolicy (policy.linkerd.io v1alpha1): the CRD schema, the kinds a `targetRef` may name, the kinds
/// and counts of `requiredAuthenticationRefs`, and rule 4's warning for a Server target the cache does not hold.
///
/// Mirrors linkerd2 admission.rs, `Validate<AuthorizationPolicySpec>` and `validate_policy_target`, reporting every
/// defect instead of the first.
package struct AuthorizationPolicyValidator: ObjectValidator {
    package init() {}

    /// The versions the CRD serves; every one has the same schema, so the registry lists exactly these.
    package static let versions = ["v1alpha1"]

    package func coverage(of kind: GroupVersionKind) -> ValidatorCoverage? {
        Self.versions.contains(kind.version) ? .schema(Self.schema) : nil
    }

    static let schema: Schema = .object(
        [
            "spec": .object(
                [
                    "targetRef": ReferenceSchemas.reference(required: ["kind", "name"], namespaced: false),
                    "requiredAuthenticationRefs": .array(
                        items: ReferenceSchemas.reference(required: ["kind", "name"], namespaced: true)
                    ),
                ],
                required: ["targetRef", "requiredAuthenticationRefs"]
            )
        ],
        required: ["spec"]
    )

    /// What a `targetRef` may name, for messages.
    static let allowedTargets =
        "must be a policy.linkerd.io Server or HTTPRoute, a gateway.networking.k8s.io HTTPRoute or GRPCRoute, "
        + "or the policy's own Namespace"

    package func validate(_ object: JSONValue, context: ValidationContext, into report: inout ValidationReport) {
        SchemaValidator.validate(object, against: Self.schema, at: .root, into: &report)
        guard let spec = object["spec"], spec.objectValue != nil else { return }
        let specPath = FieldPath.spec
        if let target = spec.presentMember("targetRef").flatMap(ObjectReference.init) {
            Self.validateTarget(target, at: specPath.field("targetRef"), context: context, into: &report)
        }
        if let refs = spec.presentMember("requiredAuthenticationRefs")?.arrayValue {
            Self.validateAuthentications(refs, at: specPath.field("requiredAuthenticationRefs"), into: &report)
        }
    }

    /// The target kind; a Namespace target must be the policy's own namespace; a missing Server is warned about.
    private static func validateTarget(
        _ target: ObjectReference, at path: FieldPath, context: ValidationContext, into report: inout ValidationReport
    ) {
        if target.targets(group: LinkerdKinds.policyGroup, kind: "Server") {
            if let name = target.name,
                let warning = MissingServerWarning.text(at: path, name: name, context: context)
            {
                report.warn(warning)
            }
            return
        }
        if target.targets(group: LinkerdKinds.policyGroup, kind: "HTTPRoute")
            || target.targets(group: LinkerdKinds.gatewayGroup, kind: "HTTPRoute")
            || target.targets(group: LinkerdKinds.gatewayGroup, kind: "GRPCRoute")
        {
            return
        }
        if target.targets(group: "", kind: "Namespace") {
            if let name = target.name, name != context.namespace {
                report.add(
                    .semantic, at: path.field("name"),
                    "cannot target another namespace \(Quote.value(name)); a Namespace target must be the policy's own namespace \(Quote.value(context.namespace))"
                )
            }
            return
        }
        report.add(.semantic, at: path, "unsupported targetRef kind \(target.canonicalKind); \(Self.allowedTargets)")
    }

    /// At most one MeshTLSAuthentication, at most one ServiceAccount, never both, at most one
    /// NetworkAuthentication, and no other kind.
    private static func validateAuthentications(
        _ refs: [JSONValue], at path: FieldPath, into report: inout ValidationReport
    ) {
        var meshTLS = 0
        var serviceAccounts = 0
        var networks = 0
        for (index, value) in refs.enumerated() {
            guard let ref = ObjectReference(value) else { continue }
            if ref.targets(group: LinkerdKinds.policyGroup, kind: "MeshTLSAuthentication") {
                meshTLS += 1
            } else if ref.targets(group: "", kind: "ServiceAccount") {
                serviceAccounts += 1
            } else if ref.targets(group: LinkerdKinds.policyGroup, kind: "NetworkAuthentication") {
                networks += 1
            } else {
                report.add(
                    .semantic, at: path.index(index),
                    "unsupported authentication kind \(ref.canonicalKind); must be a policy.linkerd.io "
                        + "MeshTLSAuthentication or NetworkAuthentication, or a ServiceAccount"
                )
            }
        }
        if meshTLS > 1 {
            report.add(.semantic, at: path, "found \(meshTLS) MeshTLSAuthentication references; at most one MeshTLSAuthentication may be set")
        }
        if serviceAccounts > 1 {
            report.add(.semantic, at: path, "found \(serviceAccounts) ServiceAccount references; at most one ServiceAccount may be set")
        }
        if meshTLS > 0 && serviceAccounts > 0 {
            report.add(.semantic, at: path, "found a MeshTLSAuthentication and a ServiceAccount; they may not be set together")
        }
        if networks > 1 {
            report.add(.semantic, at: path, "found \(networks) NetworkAuthentication references; at most one NetworkAuthentication may be set")
        }
    }
}
