import PolicyCore
import Testing
import WebhookRuntime

@Suite struct AuditPlanTests {
    @Test func versionsArePreferredGAThenBetaThenAlphaNewestFirst() {
        #expect(["v1alpha1", "v1beta1", "v1", "v1beta3", "v2alpha1", "v1alpha3"].sorted(by: KubeVersion.isPreferred)
            == ["v1", "v1beta3", "v1beta1", "v2alpha1", "v1alpha3", "v1alpha1"])
    }

    @Test func fullPlanListsTheOverlapStateFirstThenEveryValidatedKind() throws {
        let plan = try AuditPlan()
        #expect(plan.collections.prefix(3).map(\.kind) == ["ExternalWorkload", "Pod", "Server"])
        #expect(plan.collections.count == 21)
        #expect(plan.collections.first { $0.kind == "Server" }?.versions == ["v1beta3", "v1beta2", "v1beta1", "v1alpha1"])
        #expect(plan.reportsOverlaps)
    }

    @Test func kindFilterWithoutServersReadsNoOverlapState() throws {
        let plan = try AuditPlan(kinds: ["httplocalratelimitpolicies"])
        #expect(plan.collections.map(\.kind) == ["HTTPLocalRateLimitPolicy"])
        #expect(!plan.reportsOverlaps)
    }

    @Test func namespacedPathsNameTheNamespaceButNamespacesStayClusterWide() throws {
        let plan = try AuditPlan(kinds: ["Namespace", "Deployment"])
        let judged = plan.collections.filter(\.isJudged)
        #expect(judged.map { $0.path(version: "v1", namespace: "shop") } == ["/api/v1/namespaces", "/apis/apps/v1/namespaces/shop/deployments"])
    }

    @Test func kindsWhoseRulesReadTheClusterGetItsStateListedFirst() throws {
        // The default-inbound-policy warning of rule 8d reads pods and Servers; an authentication kind reads nothing.
        let plan = try AuditPlan(kinds: ["Namespace"])
        #expect(plan.collections.map(\.kind) == [
            "ExternalWorkload", "Pod", "Server", "ServerAuthorization", "AuthorizationPolicy", "HTTPRoute", "HTTPRoute", "Namespace",
        ])
        #expect(plan.collections.filter(\.isJudged).map(\.kind) == ["Namespace"])
        #expect(try AuditPlan(kinds: ["MeshTLSAuthentication"]).collections.map(\.kind) == ["MeshTLSAuthentication"])
    }

    @Test func serversAndRoutesAreJudgedAgainstTheCompleteState() throws {
        // A route is the first of its Server only if no route of the other group, listed after it, names it too.
        let judged = try AuditPlan().collections.filter(\.isJudged)
        #expect(
            judged.filter(\.needsCompleteState).map { "\($0.kind).\($0.group)" }.sorted() == [
                "HTTPRoute.gateway.networking.k8s.io", "HTTPRoute.policy.linkerd.io", "Server.policy.linkerd.io",
            ])
    }

    @Test func unknownKindIsRefusedByName() {
        #expect(throws: AuditPlan.PlanError.self) { try AuditPlan(kinds: ["Gateway"]) }
        #expect((try? AuditPlan(kinds: ["Gateway"])) == nil)
    }
}
