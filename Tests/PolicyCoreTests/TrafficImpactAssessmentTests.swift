import KubeCache
import PolicyAPI
import PolicyCore
import Testing

/// Rule 8's warnings reach the answer only when the object is admitted (under enforcement `warn` too), and the
/// assessment names the parts of the rule that sent them, for the metrics.
struct TrafficImpactAssessmentTests {
    /// Two Running pods of `shop` labelled app=web declaring 8080.
    static let snapshot: ClusterSnapshot = {
        var snapshot = ClusterSnapshot(isSynced: true)
        for name in ["web-1", "web-2"] {
            snapshot.apply(
                PodRecord(namespace: "shop", name: name, labels: ["app": "web"], phase: "Running", ports: [DeclaredPort(number: 8080)]))
        }
        return snapshot
    }()

    static let warning = #"Server "web" has no authorization: all requests to its 2 pods on port 8080 will be denied (accessPolicy deny)"#

    @Test func serverNothingAuthorizesIsAdmittedWithTheWarningAndItsRule() throws {
        let request = try EnforcementTests.request(spec: #"{"podSelector":{"matchLabels":{"app":"web"}},"port":8080}"#)
        let assessment = AdmissionController().assess(request, snapshot: Self.snapshot)
        #expect(assessment.verdict == .allowed(warnings: [Self.warning]))
        #expect(assessment.trafficRules == [.serverUnauthorized])
    }

    @Test func deniedServerGetsNoTrafficWarningButWouldDenyKeepsIt() throws {
        let request = try EnforcementTests.request(
            spec: #"{"podSelector":{"matchLabels":{"app":"web"}},"port":8080,"proxyProtocol":"grpc"}"#)
        let denied = AdmissionController().assess(request, snapshot: Self.snapshot)
        #expect(!denied.verdict.isAllowed)
        #expect(denied.trafficRules == [])
        #expect(denied.verdict.response(uid: "u").warnings == [])
        let admitted = EnforcementTests.warn.assess(request, snapshot: Self.snapshot)
        #expect(admitted.verdict.isAllowed)
        #expect(admitted.trafficRules == [.serverUnauthorized])
        #expect(admitted.verdict.response(uid: "u").warnings.last == Self.warning)
    }

    @Test func unsyncedCacheSendsNoTrafficWarning() throws {
        let request = try EnforcementTests.request(spec: #"{"podSelector":{"matchLabels":{"app":"web"}},"port":8080}"#)
        var unsynced = Self.snapshot
        unsynced.isSynced = false
        let controller = AdmissionController(configuration: AdmissionConfiguration(unsyncedPolicy: .allow))
        let assessment = controller.assess(request, snapshot: unsynced)
        #expect(assessment.trafficRules == [])
        #expect(assessment.verdict.response(uid: "u").warnings.allSatisfy { !$0.contains("no authorization") })
    }

    /// A Namespace is cluster-scoped: a review may leave `namespace` empty, and the namespace is the one it names.
    @Test func stricterNamespaceDefaultWarnsWhetherTheReviewNamesItsNamespaceOrNot() throws {
        let namespace = GroupVersionKind(group: "", version: "v1", kind: "Namespace")
        let object = try JSONDecoding.decode(Array(
            #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop","annotations":{"config.linkerd.io/default-inbound-policy":"deny"}}}"#.utf8))
        for requestNamespace in ["", "shop"] {
            let request = AdmissionRequest(
                uid: "u-1", kind: namespace, name: "shop", namespace: requestNamespace, operation: .create, object: object)
            let assessment = AdmissionController().assess(request, snapshot: Self.snapshot)
            #expect(assessment.verdict.isAllowed)
            #expect(assessment.trafficRules == [.defaultPolicyDenies], "request namespace \(requestNamespace)")
        }
    }
}
