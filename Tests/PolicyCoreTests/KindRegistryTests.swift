import KubeCache
import PolicyAPI
import PolicyCore
import Testing

/// The registry fails closed: every (kind, version) it admits is paired with validators that have rules for it, and a
/// validator handed a kind or version it has no rules for denies the object instead of admitting it unchecked.
struct KindRegistryTests {
    /// Every (group, kind, version) the standard registry admits, for the parameterized tests.
    static let admitted: [GroupVersionKind] = KindRegistry.standard.kinds.flatMap { entry in
        entry.versions.map { GroupVersionKind(group: entry.group, version: $0, kind: entry.kind) }
    }

    @Test(arguments: Self.admitted)
    func everyAdmittedVersionHasValidatorsThatCoverIt(_ kind: GroupVersionKind) throws {
        let entry = try #require(KindRegistry.standard.lookup(group: kind.group, kind: kind.kind))
        #expect(!entry.validators.isEmpty, "\(kind) has no validator")
        for validator in entry.validators {
            #expect(validator.coverage(of: kind) != nil, "\(type(of: validator)) has no rules for \(kind)")
        }
    }

    @Test(arguments: Self.admitted)
    func everyAdmittedVersionHasASchemaOrIsABuiltInKind(_ kind: GroupVersionKind) throws {
        let entry = try #require(KindRegistry.standard.lookup(group: kind.group, kind: kind.kind))
        let coverages = entry.validators.compactMap { $0.coverage(of: kind) }
        let hasSchema = coverages.contains { if case .schema = $0 { true } else { false } }
        let hasAnnotation = coverages.contains { if case .annotation = $0 { true } else { false } }
        if ["", "apps", "batch"].contains(kind.group) {
            // Built-in kinds have no CRD of ours: only rule 5's annotation is checked.
            #expect(hasAnnotation && !hasSchema, "\(kind) should be checked for its annotation only")
        } else {
            #expect(hasSchema, "\(kind) has no schema")
        }
    }

    @Test
    func versionedKindsListExactlyTheVersionsTheirValidatorsKnow() throws {
        let versions = { (group: String, kind: String) in KindRegistry.standard.lookup(group: group, kind: kind)?.versions }
        #expect(versions("policy.linkerd.io", "Server") == ["v1alpha1", "v1beta1", "v1beta2", "v1beta3"])
        #expect(versions("policy.linkerd.io", "HTTPRoute") == ["v1alpha1", "v1beta1", "v1beta2", "v1beta3"])
        #expect(versions("policy.linkerd.io", "HTTPLocalRateLimitPolicy") == ["v1alpha1"])
        #expect(versions("policy.linkerd.io", "ServerAuthorization") == ["v1alpha1", "v1beta1"])
        #expect(KindRegistry.standard.kinds.filter { $0.group == "gateway.networking.k8s.io" }.map(\.kind)
            == ["HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute"])
    }

    @Test
    func validatorsHaveNoRulesForAVersionTheyDoNotKnow() {
        let unknown = { (kind: String) in GroupVersionKind(group: "policy.linkerd.io", version: "v9", kind: kind) }
        #expect(ServerValidator().coverage(of: unknown("Server")) == nil)
        #expect(ServerOverlapValidator().coverage(of: unknown("Server")) == nil)
        #expect(PolicyHTTPRouteValidator().coverage(of: unknown("HTTPRoute")) == nil)
        #expect(RateLimitPolicyValidator().coverage(of: unknown("HTTPLocalRateLimitPolicy")) == nil)
        #expect(AuthorizationPolicyValidator().coverage(of: unknown("AuthorizationPolicy")) == nil)
        #expect(GatewayRouteValidator().coverage(of: unknown("UDPRoute")) == nil)
        #expect(DefaultInboundPolicyValidator().coverage(of: GroupVersionKind(group: "", version: "v1", kind: "Service")) == nil)
    }

    /// A registry that admits a version its validator was never taught (the mistake the enums prevent in the
    /// standard table) denies the object, naming the version and the validator.
    @Test(arguments: [
        ("Server", "ServerValidator"), ("HTTPRoute", "PolicyHTTPRouteValidator"),
        ("HTTPLocalRateLimitPolicy", "RateLimitPolicyValidator"),
    ])
    func rejectsAnAdmittedVersionItsValidatorHasNoRulesFor(kind: String, validatorName: String) throws {
        let validator: any ObjectValidator =
            switch kind {
            case "Server": ServerValidator()
            case "HTTPRoute": PolicyHTTPRouteValidator()
            default: RateLimitPolicyValidator()
            }
        let controller = AdmissionController(registry: KindRegistry([
            SupportedKind(group: "policy.linkerd.io", kind: kind, resource: "things", versions: ["v9"], validators: [validator])
        ]))
        let object = try JSONDecoding.decode(Array(
            #"{"apiVersion":"policy.linkerd.io/v9","kind":"\#(kind)","metadata":{"name":"a","namespace":"shop"},"spec":{}}"#.utf8
        ))
        let request = AdmissionRequest(
            uid: "u", kind: GroupVersionKind(group: "policy.linkerd.io", version: "v9", kind: kind),
            name: "a", namespace: "shop", operation: .create, object: object
        )
        let verdict = controller.verdict(for: request, snapshot: .empty)
        guard case .denied(let violations, _) = verdict else {
            Issue.record("expected a denial, got \(verdict)")
            return
        }
        #expect(violations.map(\.description) == [
            "apiVersion: policy.linkerd.io/v9 \(kind) has no rules in \(validatorName); this webhook cannot check it"
        ])
    }
}
