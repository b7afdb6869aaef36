import KubeCache
import PolicyAPI
import PolicyCore
import Testing
import WebhookRuntime

@Suite struct ManifestCheckerTests {
    static let bundle = """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: policy.linkerd.io/v1beta3
          kind: Server
          metadata: {name: web-http}
          spec:
            podSelector: {matchLabels: {app: web}}
            port: 8080
        - apiVersion: policy.linkerd.io/v1beta3
          kind: Server
          metadata: {name: web-copy}
          spec:
            podSelector: {matchLabels: {app: web}}
            port: 8080
        """

    @Test func laterServerOfTheSameBundleOverlapsAnEarlierOne() throws {
        let checker = ManifestChecker(controller: AdmissionController(), defaultNamespace: "shop")
        var snapshot = ClusterSnapshot.empty
        let findings = checker.check(try ManifestReader.documents(in: Self.bundle), source: "bundle.yaml", snapshot: &snapshot)
        #expect(findings.map(\.name) == ["web-http", "web-copy"])
        #expect(findings.map(\.verdict.isAllowed) == [true, false])
        #expect(findings.map(\.namespace) == ["shop", "shop"])
        #expect(snapshot.server(namespace: "shop", name: "web-http") != nil)
        let report = CheckReport(findings: findings)
        #expect(!report.isClean)
        #expect(report.text.hasSuffix("2 objects checked, 1 denied\n"))
        #expect(report.text.contains("bundle.yaml (document 1) Server/web-copy: denied\n  - spec: Server \"web-copy\""))
    }

    @Test func objectWithoutKindIsReported() throws {
        let checker = ManifestChecker(controller: AdmissionController())
        var snapshot = ClusterSnapshot.empty
        let findings = checker.check(try ManifestReader.documents(in: "metadata: {name: x}\n"), source: "x.yaml", snapshot: &snapshot)
        guard case .denied(let violations, _) = findings.first?.verdict else {
            Issue.record("expected a denial")
            return
        }
        #expect(violations.map(\.description) == ["kind: is required; every manifest names its apiVersion and kind"])
    }
}
