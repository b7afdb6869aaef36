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

    /// Two running web pods serving 8080 and probed on /ready, as `check --inventory` would load them.
    static func inventory() throws -> ClusterSnapshot {
        let pods = try (1...2).map { index in
            try JSONDecoding.decode(
                Array(
                    #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-\#(index)","namespace":"shop","labels":{"app":"web"}},"spec":{"containers":[{"name":"web","ports":[{"containerPort":8080}],"readinessProbe":{"httpGet":{"port":8080,"path":"/ready"}}}]},"status":{"phase":"Running"}}"#
                        .utf8))
        }
        return ClusterSnapshot(inventory: pods)
    }

    static let server = """
        apiVersion: policy.linkerd.io/v1beta3
        kind: Server
        metadata: {name: web-http}
        spec:
          podSelector: {matchLabels: {app: web}}
          port: 8080
        """

    static func route(_ name: String) -> String {
        """
        apiVersion: policy.linkerd.io/v1beta3
        kind: HTTPRoute
        metadata: {name: \(name)}
        spec:
          parentRefs: [{group: policy.linkerd.io, kind: Server, name: web-http}]
          rules: [{matches: [{path: {type: PathPrefix, value: /api}}]}]
        """
    }

    static func warnings(_ finding: ManifestChecker.Finding) -> [String] {
        guard case .allowed(let warnings) = finding.verdict else { return ["not allowed"] }
        return warnings
    }

    @Test func serverNothingAuthorizesIsWarnedAndReportedByCheck() throws {
        let checker = ManifestChecker(controller: AdmissionController(), defaultNamespace: "shop")
        var snapshot = try Self.inventory()
        let findings = checker.check(try ManifestReader.documents(in: Self.server), source: "server.yaml", snapshot: &snapshot)
        let expected = #"Server "web-http" has no authorization: all requests to its 2 pods on port 8080 will be denied (accessPolicy deny)"#
        #expect(findings.map(Self.warnings) == [[expected]])
        #expect(CheckReport(findings: findings).text.contains(expected))
    }

    @Test func serverAuthorizedByAPolicyLaterInTheBundleIsNotWarned() throws {
        let policy = """
            apiVersion: policy.linkerd.io/v1alpha1
            kind: AuthorizationPolicy
            metadata: {name: web-authn}
            spec:
              targetRef: {group: policy.linkerd.io, kind: Server, name: web-http}
              requiredAuthenticationRefs: []
            """
        let checker = ManifestChecker(controller: AdmissionController(), defaultNamespace: "shop")
        var snapshot = try Self.inventory()
        let findings = checker.check(
            try ManifestReader.documents(in: Self.server + "\n---\n" + policy), source: "bundle.yaml", snapshot: &snapshot)
        #expect(findings.map(Self.warnings) == [[], []])
    }

    @Test func onlyTheFirstRouteOfTheBundleWarnsAboutProbes() throws {
        let checker = ManifestChecker(controller: AdmissionController(), defaultNamespace: "shop")
        var snapshot = try Self.inventory()
        let text = Self.server + "\n---\n" + Self.route("web-api") + "\n---\n" + Self.route("web-admin")
        let findings = checker.check(try ManifestReader.documents(in: text), source: "bundle.yaml", snapshot: &snapshot)
        #expect(findings.count == 3)
        #expect(
            findings.dropFirst().map(Self.warnings)
                == [[#"first route of Server "web-http" ends default probe authorization: /ready fail on 2 pods"#], []])
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
