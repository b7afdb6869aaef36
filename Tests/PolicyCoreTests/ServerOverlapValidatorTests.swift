import KubeCache
import PolicyAPI
import PolicyCore
import Testing

/// Rule 4, decided on real pod/port selections. Names follow linkerd2 policy-test admit_server.rs at stable-2.14.
@Suite struct ServerOverlapValidatorTests {
    // MARK: - Builders

    static func server(
        _ name: String, selector: JSONValue = .object(["matchLabels": .object(["app": .string("web")])]),
        port: JSONValue = .integer(8080), created: String = "2026-01-01T00:00:00Z", annotations: [String: String] = [:],
        labels: [String: String] = [:]
    ) -> JSONValue {
        .object([
            "apiVersion": .string("policy.linkerd.io/v1beta3"), "kind": .string("Server"),
            "metadata": .object([
                "name": .string(name), "namespace": .string("shop"), "creationTimestamp": .string(created),
                "annotations": .object(JSONObject(annotations.mapValues(JSONValue.string))),
                "labels": .object(JSONObject(labels.mapValues(JSONValue.string))),
            ]),
            "spec": .object(["podSelector": selector, "port": port]),
        ])
    }

    static func matchLabels(_ labels: [String: String]) -> JSONValue {
        .object(["matchLabels": .object(JSONObject(labels.mapValues(JSONValue.string)))])
    }

    static func pod(_ name: String, labels: [String: String] = ["app": "web"], ports: [(String, Int)] = [("http", 8080)]) -> PodRecord {
        PodRecord(namespace: "shop", name: name, labels: labels, phase: "Running", ports: ports.map { DeclaredPort(name: $0.0, number: $0.1) })
    }

    static func review(_ object: JSONValue, snapshot: ClusterSnapshot, operation: AdmissionOperation = .create) -> ValidationReport {
        let context = ValidationContext(
            kind: GroupVersionKind(group: "policy.linkerd.io", version: "v1beta3", kind: "Server"),
            namespace: "shop", name: object["metadata"]?["name"]?.stringValue ?? "", operation: operation, snapshot: snapshot
        )
        var report = ValidationReport()
        ServerOverlapValidator().validate(object, context: context, into: &report)
        return report
    }

    static func snapshot(pods: [PodRecord] = [], servers: [JSONValue]) -> ClusterSnapshot {
        var snapshot = ClusterSnapshot()
        for pod in pods { snapshot.apply(pod) }
        for server in servers { if let record = ServerRecord(object: server) { snapshot.apply(record) } }
        return snapshot
    }

    // MARK: - Denials

    @Test func rejectsAllPodsSelected() {
        let snapshot = Self.snapshot(pods: [Self.pod("web-5d9c")], servers: [Self.server("web-all", selector: Self.matchLabels([:]))])
        let report = Self.review(Self.server("web-http"), snapshot: snapshot)
        #expect(report.violations.map(\.description) == [
            #"spec: Server "web-http" would select pod web-5d9c/8080, already selected by Server "web-all"; each pod port may be selected by one Server only: change the selector or port, or delete the other Server"#
        ])
        #expect(report.violations.first?.subject == "web-all")
    }

    @Test func rejectsPodsSelectedByAServerCachedBeforeThem() {
        // The cached Server comes first, so its labels are not interned yet when it is stored; the pod follows.
        var snapshot = ClusterSnapshot()
        if let record = ServerRecord(object: Self.server("edge-http", selector: Self.matchLabels(["tier": "edge"]))) {
            snapshot.apply(record)
        }
        snapshot.apply(Self.pod("web-1", labels: ["app": "web", "tier": "edge"]))
        let report = Self.review(Self.server("web-http"), snapshot: snapshot)
        #expect(report.violations.first?.message.contains("would select pod web-1/8080, already selected by Server \"edge-http\"") == true)
    }

    @Test func rejectsNamedPortResolvedOnThePod() {
        let snapshot = Self.snapshot(pods: [Self.pod("web-1", ports: [("admin", 9990)])], servers: [Self.server("admin-port", port: .integer(9990))])
        let report = Self.review(Self.server("web-admin", port: .string("admin")), snapshot: snapshot)
        #expect(report.violations.count == 1)
        #expect(report.violations.first?.message.contains("pod web-1/9990") == true)
    }

    @Test func rejectsIdenticalSelectorWithoutPods() {
        let snapshot = Self.snapshot(servers: [Self.server("web-a")])
        #expect(Self.review(Self.server("web-b"), snapshot: snapshot).violations.first?.subject == "web-a")
    }

    @Test func acceptsServerUpdatesIgnoringItsOwnCachedVersion() {
        let snapshot = Self.snapshot(pods: [Self.pod("web-1")], servers: [Self.server("web-http")])
        let report = Self.review(Self.server("web-http", port: .string("http")), snapshot: snapshot, operation: .update)
        #expect(report.violations.isEmpty)
    }

    // MARK: - Warnings

    @Test func potentialOverlapWarnsNamingTheServerLinkerdApplies() {
        let older = Self.server("backend-8080", selector: Self.matchLabels(["tier": "backend"]), created: "2025-03-10T00:00:00Z")
        let report = Self.review(Self.server("books-http", selector: Self.matchLabels(["app": "books"])), snapshot: Self.snapshot(servers: [older]))
        #expect(report.violations.isEmpty)
        #expect(report.warnings == [#"may overlap Server "backend-8080" on port 8080; Linkerd applies backend-8080 to pods both select"#])
    }

    @Test func disjointSelectorsAndDifferentNumbersDoNotWarn() {
        let snapshot = Self.snapshot(servers: [
            Self.server("api", selector: Self.matchLabels(["app": "api"])),
            Self.server("web-9090", port: .integer(9090)),
        ])
        #expect(Self.review(Self.server("web-http"), snapshot: snapshot).warnings.isEmpty)
    }

    @Test func sameHelmReleaseIsAReplacementNotAConflict() {
        let release = ["meta.helm.sh/release-name": "storefront", "meta.helm.sh/release-namespace": "shop"]
        let snapshot = Self.snapshot(
            pods: [Self.pod("web-1")],
            servers: [Self.server("old-name", annotations: release), Self.server("debug", port: .string("http"))]
        )
        let report = Self.review(Self.server("new-name", annotations: release), snapshot: snapshot)
        #expect(report.warnings == [#"overlaps Server "old-name", admitted as a replacement (same Helm release shop/storefront)"#])
        #expect(report.violations.map(\.subject) == ["debug"])
    }

    @Test(arguments: ["true", "yes", "True"])
    func allowOverlapAnnotationNeedsExactlyTrue(_ value: String) {
        let snapshot = Self.snapshot(pods: [Self.pod("web-1")], servers: [Self.server("web-a")])
        let report = Self.review(Self.server("web-b", annotations: [ServerRecord.allowOverlapAnnotation: value]), snapshot: snapshot)
        #expect(report.violations.isEmpty == (value == "true"))
    }

    @Test func undeclaredPortWarnsOnlyWhenPodsAreSelected() {
        let withPods = Self.review(Self.server("web-9090", port: .integer(9090)), snapshot: Self.snapshot(pods: [Self.pod("web-1")], servers: []))
        #expect(withPods.warnings == ["spec.port: port 9090 is not declared by the selected pod (e.g. web-1)"])
        let withoutPods = Self.review(Self.server("web-9090", port: .integer(9090)), snapshot: Self.snapshot(servers: []))
        #expect(withoutPods.warnings.isEmpty)
    }

    @Test func appliedServerIsOlderThenSmallerName() {
        let a = ServerRecord(namespace: "n", name: "zeta", creationTimestamp: "2025-01-01T00:00:00Z", selector: nil, port: nil)
        let b = ServerRecord(namespace: "n", name: "alpha", creationTimestamp: "2025-06-01T00:00:00Z", selector: nil, port: nil)
        let c = ServerRecord(namespace: "n", name: "beta", creationTimestamp: "2025-06-01T00:00:00Z", selector: nil, port: nil)
        #expect(ServerOverlapValidator.appliedServer(a, b).name == "zeta")
        #expect(ServerOverlapValidator.appliedServer(c, b).name == "alpha")
    }

    // MARK: - The reviewed Server read lazily

    @Test func potentialOverlapsWithSeveralServersEachWarn() {
        // The reviewed selector is read once, when the first Server on a coinciding port needs it, then reused.
        let tier = { (value: String) in Self.matchLabels(["tier": value]) }
        let snapshot = Self.snapshot(servers: [
            Self.server("alpha-http", selector: tier("edge"), port: .string("http")),
            Self.server("beta-http", selector: tier("edge"), port: .string("http")),
            Self.server("gamma-admin", selector: tier("edge"), port: .integer(9990)),
        ])
        let report = Self.review(
            Self.server("web-http", selector: Self.matchLabels(["app": "web"]), port: .string("http"), created: "2027-01-01T00:00:00Z"),
            snapshot: snapshot
        )
        #expect(report.violations.isEmpty)
        #expect(report.warnings == [
            #"may overlap Server "alpha-http" on port http; Linkerd applies alpha-http to pods both select"#,
            #"may overlap Server "beta-http" on port http; Linkerd applies beta-http to pods both select"#,
            #"may overlap Server "gamma-admin" on port 9990; Linkerd applies gamma-admin to pods both select"#,
        ])
    }

    @Test func aServerWithoutANameIsStillCheckedAndReported() throws {
        let snapshot = Self.snapshot(pods: [Self.pod("web-5d9c")], servers: [Self.server("web-all", selector: Self.matchLabels([:]))])
        guard case .object(var members) = Self.server("ignored"), case .object(var metadata)? = members["metadata"] else {
            Issue.record("the builder makes objects")
            return
        }
        metadata["name"] = nil
        metadata["generateName"] = .string("web-")
        members["metadata"] = .object(metadata)
        let report = Self.review(.object(members), snapshot: snapshot)
        let violation = try #require(report.violations.first)
        #expect(report.violations.count == 1)
        #expect(violation.subject == "web-all")
        #expect(violation.description.contains("would select pod web-5d9c/8080, already selected by Server \"web-all\""))
    }

    @Test func anUnusableReviewedSelectorSelectsNothing() {
        let snapshot = Self.snapshot(pods: [Self.pod("web-5d9c")], servers: [Self.server("web-all", selector: Self.matchLabels([:]))])
        let unusable = JSONValue.object(["matchExpressions": .array([.object(["key": .string("app"), "operator": .string("Within")])])])
        let report = Self.review(Self.server("web-http", selector: unusable), snapshot: snapshot)
        #expect(report.violations.isEmpty && report.warnings.isEmpty)
    }
}
