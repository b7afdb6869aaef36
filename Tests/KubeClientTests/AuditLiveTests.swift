import Foundation
import KubeClient
import PolicyAPI
import PolicyCore
import Testing
import WebhookRuntime

/// `audit` against the fake API server over TLS: exact findings, overlaps, missing CRDs, filters, formats and the
/// command's exit statuses.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct AuditLiveTests {
    /// Audits the mixed cluster with `kinds` and `namespaces`; returns the result and the paths requested.
    static func audit(
        kinds: [String] = [], namespaces: [String] = [], prepare: (FakeAPIServer) -> Void = { _ in }
    ) throws -> (ClusterAuditor.Result, [String]) {
        let server = try FakeAPIServer()
        defer { server.stop() }
        AuditCluster.populate(server)
        prepare(server)
        let auditor = ClusterAuditor(
            client: try AuditCluster.client(port: server.port), plan: try AuditPlan(kinds: kinds), namespaces: namespaces,
            lister: CollectionLister(pageSize: 2))
        let result = try auditor.run()
        return (result, server.requests.map { String($0.prefix { $0 != "?" }) })
    }

    /// `kind namespace/name field rule` of every violation, in report order.
    static func violations(_ result: ClusterAuditor.Result) -> [String] {
        result.findings.flatMap { finding in
            finding.violations.map { "\(finding.kind) \(finding.namespace)/\(finding.name) \($0.path) \($0.rule.rawValue)" }
        }
    }

    @Test func mixedClusterReportsEveryViolationOfEveryKind() throws {
        let (result, _) = try Self.audit()
        #expect(Self.violations(result) == [
            "AuthorizationPolicy shop/bad-policy spec.targetRef semantic",
            "Deployment shop/web spec.template.metadata.annotations[config.linkerd.io/default-inbound-policy] annotation",
            "MeshTLSAuthentication shop/bad-authn spec.identities semantic",
            "Namespace /other metadata.annotations[config.linkerd.io/default-inbound-policy] annotation",
            "NetworkAuthentication other/bad-net spec.networks[0].cidr semantic",
            "Server other/api spec.port schema",
            "Server shop/web spec overlap",
            "Server shop/web-http spec overlap",
        ])
        let api = try #require(result.findings.first { $0.name == "api" })
        #expect(api.apiVersion == "policy.linkerd.io/v1beta3")
        #expect(api.violations.map(\.message) == ["port 70000 is out of range; must be 1-65535 or a container port name"])
        #expect(result.checked == 16)
    }

    @Test func existingOverlapNamesTheOlderServerAndEverySharedPort() throws {
        let (result, _) = try Self.audit()
        #expect(result.overlaps == [
            ExistingOverlaps.Overlap(
                namespace: "shop", server: "web", otherServer: "web-http", example: "web-1/8080", appliedServer: "web",
                sharedPorts: ["web-1/8080", "web-2/8080", "web-3/8080"], sharedPortCount: 3)
        ])
    }

    @Test func warningsAreReportedApartFromViolations() throws {
        let (result, _) = try Self.audit()
        let warnings = result.findings.flatMap { finding in finding.warnings.map { "\(finding.name): \($0)" } }
        #expect(warnings == [
            "admin: spec.port: port 9990 is not declared by any of the 3 selected pods (e.g. web-1)",
            "admin: may overlap Server \"web-http\" on port http; Linkerd applies admin to pods both select",
            "web-http: may overlap Server \"admin\" on port 9990; Linkerd applies admin to pods both select",
        ])
        #expect(result.findings.first { $0.name == "admin" }?.isDenied == false)
    }

    @Test func missingCRDsAreReportedAndSkipped() throws {
        let (result, requests) = try Self.audit()
        let missing = result.collections.filter { $0.version == nil }.map { "\($0.kind).\($0.group)" }
        // The state rule 8 reads is listed first, then the other kinds in registry order.
        #expect(missing == [
            "ServerAuthorization.policy.linkerd.io", "HTTPRoute.policy.linkerd.io", "HTTPRoute.gateway.networking.k8s.io",
            "EgressNetwork.policy.linkerd.io", "HTTPLocalRateLimitPolicy.policy.linkerd.io",
            "GRPCRoute.gateway.networking.k8s.io", "TLSRoute.gateway.networking.k8s.io", "TCPRoute.gateway.networking.k8s.io",
        ])
        // Every version the webhook knows was tried, newest first, before the kind was called missing.
        #expect(requests.filter { $0.hasSuffix("/egressnetworks") } == ["/apis/policy.linkerd.io/v1alpha1/egressnetworks"])
        #expect(requests.filter { $0.hasSuffix("/httproutes") && $0.contains("policy.linkerd.io") } == [
            "/apis/policy.linkerd.io/v1beta3/httproutes", "/apis/policy.linkerd.io/v1beta2/httproutes",
            "/apis/policy.linkerd.io/v1beta1/httproutes", "/apis/policy.linkerd.io/v1alpha1/httproutes",
        ])
        #expect(result.collections.first { $0.kind == "Server" }?.version == "v1beta3")
    }

    @Test func namespaceFilterReadsAndReportsOnlyThatNamespace() throws {
        let (result, requests) = try Self.audit(namespaces: ["other"])
        #expect(Self.violations(result) == [
            "Namespace /other metadata.annotations[config.linkerd.io/default-inbound-policy] annotation",
            "NetworkAuthentication other/bad-net spec.networks[0].cidr semantic",
            "Server other/api spec.port schema",
        ])
        #expect(result.overlaps == [])
        #expect(requests.allSatisfy { $0.contains("/namespaces/other/") || $0 == "/api/v1/namespaces" }, "\(requests)")
        #expect(result.checked == 4)
    }

    @Test func kindFilterListsOnlyThatKindAndTheStateItsRulesRead() throws {
        let (result, requests) = try Self.audit(kinds: ["servers.policy.linkerd.io"])
        // The overlap state, and the authorizations and routes rule 8 reads (every known version of a missing one).
        // Served kinds at their preferred version; the missing ones at every known version, newest first.
        #expect(Set(requests) == [
            "/api/v1/pods", "/apis/policy.linkerd.io/v1beta3/servers", "/apis/workload.linkerd.io/v1beta1/externalworkloads",
            "/apis/policy.linkerd.io/v1alpha1/authorizationpolicies",
            "/apis/policy.linkerd.io/v1beta1/serverauthorizations", "/apis/policy.linkerd.io/v1alpha1/serverauthorizations",
            "/apis/policy.linkerd.io/v1beta3/httproutes", "/apis/policy.linkerd.io/v1beta2/httproutes",
            "/apis/policy.linkerd.io/v1beta1/httproutes", "/apis/policy.linkerd.io/v1alpha1/httproutes",
            "/apis/gateway.networking.k8s.io/v1/httproutes", "/apis/gateway.networking.k8s.io/v1beta1/httproutes",
            "/apis/gateway.networking.k8s.io/v1alpha3/httproutes", "/apis/gateway.networking.k8s.io/v1alpha2/httproutes",
        ])
        #expect(Self.violations(result) == ["Server other/api spec.port schema", "Server shop/web spec overlap", "Server shop/web-http spec overlap"])
        #expect(result.overlaps.count == 1)
        #expect(throws: AuditPlan.PlanError.self) { try AuditPlan(kinds: ["Srever"]) }
    }

    /// Rule 8a in audit reads the cluster's AuthorizationPolicies: a deny Server serving a running pod is warned
    /// about until a policy targets it.
    @Test func serverNothingAuthorizesIsWarnedAboutUntilAPolicyTargetsIt() throws {
        func addServer(_ server: FakeAPIServer) {
            server.upsert(
                .servers, AuditCluster.server("other", "api-http", port: "8080", created: "2026-03-01T00:00:00Z", app: "api"),
                recordEvent: false)
        }
        let (unauthorized, _) = try Self.audit(namespaces: ["other"], prepare: addServer)
        let warnings = unauthorized.findings.first { $0.name == "api-http" }?.warnings ?? []
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("has no authorization: all requests") == true, "\(warnings)")
        let (authorized, _) = try Self.audit(namespaces: ["other"]) { server in
            addServer(server)
            server.store(
                AuditCluster.json(#"{"metadata":{"namespace":"other","name":"api-policy"},"spec":{"targetRef":{"group":"policy.linkerd.io","kind":"Server","name":"api-http"},"requiredAuthenticationRefs":[]}}"#),
                at: AuditCluster.authorizationPolicies)
        }
        #expect(authorized.findings.first { $0.name == "api-http" } == nil)
    }

    /// Rule 8b in audit: a route is the first of its Server only when no route of either group names it too, so
    /// routes are judged once both groups are read.
    @Test func probedServerWithARouteOfEachGroupGetsNoFirstRouteWarning() throws {
        func cluster(routes: [(ResourceKind, String)]) -> (FakeAPIServer) -> Void {
            { server in
                server.state.withLock { $0.missingKinds = [.serverAuthorizations] }
                server.upsert(
                    .pods,
                    AuditCluster.json(
                        #"{"apiVersion":"v1","kind":"Pod","metadata":{"namespace":"probed","name":"api-1","uid":"u-api-1","labels":{"app":"api"}},"spec":{"containers":[{"name":"api","ports":[{"containerPort":8080,"name":"http"}],"readinessProbe":{"httpGet":{"port":8080,"path":"/ready"}}}]},"status":{"phase":"Running"}}"#),
                    recordEvent: false)
                server.upsert(
                    .servers, AuditCluster.server("probed", "api-http", port: "8080", created: "2026-03-01T00:00:00Z", app: "api"),
                    recordEvent: false)
                for (kind, name) in routes {
                    let apiVersion = kind == .policyHTTPRoutes ? "policy.linkerd.io/v1beta3" : "gateway.networking.k8s.io/v1"
                    server.upsert(
                        kind,
                        AuditCluster.json(
                            #"{"apiVersion":"\#(apiVersion)","kind":"HTTPRoute","metadata":{"namespace":"probed","name":"\#(name)"},"spec":{"parentRefs":[{"group":"policy.linkerd.io","kind":"Server","name":"api-http"}],"rules":[{"matches":[{"path":{"type":"PathPrefix","value":"/api"}}]}]}}"#),
                        recordEvent: false)
                }
            }
        }
        func routeWarnings(_ result: ClusterAuditor.Result) -> [String] {
            result.findings.filter { $0.kind == "HTTPRoute" }.flatMap { finding in finding.warnings.map { "\(finding.name): \($0)" } }
        }
        let (alone, _) = try Self.audit(namespaces: ["probed"], prepare: cluster(routes: [(.policyHTTPRoutes, "api-route")]))
        #expect(routeWarnings(alone).count == 1)
        #expect(routeWarnings(alone).first?.contains("/ready") == true, "\(routeWarnings(alone))")
        let (both, _) = try Self.audit(
            namespaces: ["probed"], prepare: cluster(routes: [(.policyHTTPRoutes, "api-route"), (.gatewayHTTPRoutes, "api-gateway-route")]))
        #expect(routeWarnings(both) == [])
    }

    @Test func expiredContinueTokenRestartsTheListWithoutDuplicates() throws {
        let (result, requests) = try Self.audit(kinds: ["Server"], prepare: { $0.state.withLock { $0.expireNextContinue = true } })
        #expect(requests.filter { $0 == "/api/v1/pods" }.count == 4)
        #expect(result.collections.first { $0.kind == "Pod" }?.count == 4)
        #expect(result.overlaps.map(\.sharedPortCount) == [3])
    }

    @Test func podDeletedWhileTheListRestartsLeavesTheState() throws {
        // The first page (web-1, web-2) is read, then the token expires and web-1 is gone: the restarted list must
        // not leave it in the state the overlap is computed from.
        let (result, _) = try Self.audit(
            kinds: ["Server"],
            prepare: { server in
                server.state.withLock { state in
                    state.expireNextContinue = true
                    state.changeWhenContinueExpires = { state in
                        state.objects[.pods] = state.objects[.pods]?.filter { !$0.key.hasSuffix("/web-1") }
                    }
                }
            })
        #expect(result.collections.first { $0.kind == "Pod" }?.count == 3)
        #expect(result.overlaps.map(\.sharedPorts) == [["web-2/8080", "web-3/8080"]])
    }

    @Test func jsonCarriesTheSameOverlapFieldsAsTheAdminEndpoint() throws {
        let (result, _) = try Self.audit(namespaces: ["shop"])
        let report = AuditReport(result: result)
        let json = try JSONDecoding.decode(Array(report.json.utf8))
        let violations = try #require(json["violations"]?.arrayValue)
        #expect(violations.count == 5)
        #expect(violations.first == AuditCluster.json(
            #"{"kind":"AuthorizationPolicy","apiVersion":"policy.linkerd.io/v1alpha1","namespace":"shop","name":"bad-policy","field":"spec.targetRef","rule":"semantic","message":"unsupported targetRef kind Pod.policy.linkerd.io; must be a policy.linkerd.io Server or HTTPRoute, a gateway.networking.k8s.io HTTPRoute or GRPCRoute, or the policy's own Namespace"}"#))
        let adminForm = try JSONDecoding.decode(Array(ExistingOverlaps.json(result.overlaps).utf8))
        #expect(json["overlaps"] == adminForm["overlaps"])
        #expect(json["overlaps"] == AuditCluster.json(
            #"[{"namespace":"shop","servers":["web","web-http"],"appliedServer":"web","sharedPorts":["web-1/8080","web-2/8080","web-3/8080"],"sharedPortCount":3}]"#))
        #expect(json["warnings"]?.arrayValue?.count == 3)
        #expect(json["checked"] == .integer(12))
        #expect(json["denied"] == .integer(5))
        #expect(json["collections"]?.arrayValue?.first == AuditCluster.json(
            #"{"kind":"ExternalWorkload","group":"workload.linkerd.io","served":true,"version":"v1beta1","count":1}"#))
    }

    @Test func textGroupsViolationsOverlapsWarningsAndMissingKinds() throws {
        let (result, _) = try Self.audit(kinds: ["Server", "NetworkAuthentication", "EgressNetwork"], namespaces: ["shop"])
        #expect(AuditReport(result: result).text == """
            violations:
              Server shop/web (policy.linkerd.io/v1beta3):
                - spec: Server "web" would select pod web-1/8080, already selected by Server "web-http"; each pod port may be selected by one Server only: change the selector or port, or delete the other Server [overlap]
              Server shop/web-http (policy.linkerd.io/v1beta3):
                - spec: Server "web-http" would select pod web-1/8080, already selected by Server "web"; each pod port may be selected by one Server only: change the selector or port, or delete the other Server [overlap]
            overlapping Servers (Linkerd applies the first named):
              shop: web over web-http on web-1/8080, web-2/8080, web-3/8080
            warnings:
              Server shop/admin: spec.port: port 9990 is not declared by any of the 3 selected pods (e.g. web-1)
              Server shop/admin: may overlap Server "web-http" on port http; Linkerd applies admin to pods both select
              Server shop/web-http: may overlap Server "admin" on port 9990; Linkerd applies admin to pods both select
            not served (CRD not installed, skipped):
              ServerAuthorization.policy.linkerd.io
              HTTPRoute.policy.linkerd.io
              HTTPRoute.gateway.networking.k8s.io
              EgressNetwork.policy.linkerd.io
            3 objects checked, 2 denied, 2 with warnings, 1 overlapping Server pair

            """)
    }

    /// The committed PolicyReport output of the mixed cluster, which tests/chart validates against the CRD schema.
    static let policyReportGolden = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("tests/chart/policyreport/audit-mixed-cluster.yaml").path

    @Test func policyReportOutputIsTheCommittedGolden() throws {
        let (result, _) = try Self.audit()
        let yaml = try AuditPolicyReport(result: result, timestamp: 1_796_601_600).yaml
        if ProcessInfo.processInfo.environment["LPW_UPDATE_GOLDEN"] == "1" {
            try yaml.write(toFile: Self.policyReportGolden, atomically: true, encoding: .utf8)
        }
        #expect(yaml == (try String(contentsOfFile: Self.policyReportGolden, encoding: .utf8)))
    }

    @Test func policyReportsCountPassesPerNamespace() throws {
        let (result, _) = try Self.audit()
        let documents = AuditPolicyReport(result: result, timestamp: 0).documents
        #expect(documents.map { "\($0["kind"]?.stringValue ?? "") \($0["metadata"]?["namespace"]?.stringValue ?? "-")" } == [
            "ClusterPolicyReport -", "PolicyReport other", "PolicyReport shop",
        ])
        #expect(documents.map { $0["summary"] } == [
            AuditCluster.json(#"{"pass":1,"fail":1,"warn":0,"error":0,"skip":0}"#),
            AuditCluster.json(#"{"pass":1,"fail":2,"warn":0,"error":0,"skip":0}"#),
            AuditCluster.json(#"{"pass":5,"fail":6,"warn":3,"error":0,"skip":0}"#),
        ])
    }

    // MARK: - Unreadable clusters

    /// The failure of auditing the mixed cluster with `client`, after `prepare`.
    static func failure(
        prepare: (FakeAPIServer) -> Void = { _ in }, client: (Int) throws -> APIServerClient
    ) throws -> AuditFailure? {
        let server = try FakeAPIServer()
        defer { server.stop() }
        AuditCluster.populate(server)
        prepare(server)
        let auditor = ClusterAuditor(client: try client(server.port), plan: try AuditPlan())
        do throws(AuditFailure) {
            _ = try auditor.run()
            return nil
        } catch {
            return error
        }
    }

    @Test func refusedTokenIsReportedAs401() throws {
        let failure = try #require(try Self.failure { try AuditCluster.client(port: $0, token: "stale") })
        #expect(failure.underlying.httpStatus == 401)
        #expect(failure.description.hasPrefix("401 Unauthorized from localhost:"), "\(failure)")
        #expect(failure.description.contains("listing externalworkloads.workload.linkerd.io: the API server refused the credentials"))
    }

    @Test func missingPermissionIsReportedWithVerbAndResource() throws {
        let failure = try #require(
            try Self.failure(
                prepare: { server in server.state.withLock { _ = $0.forbiddenPaths.insert(AuditCluster.authorizationPolicies) } },
                client: { try AuditCluster.client(port: $0) }))
        #expect(failure.description == #"403 Forbidden: not allowed to list authorizationpolicies.policy.linkerd.io cluster-wide (RBAC needs verb "list" on resource "authorizationpolicies" in API group "policy.linkerd.io"): HTTP 403: authorizationpolicies is forbidden: User auditor cannot list resource authorizationpolicies"#)
    }

    @Test func untrustedServerCertificateIsReportedAsTLS() throws {
        let failure = try #require(
            try Self.failure { port in
                try APIServerClient(configuration: APIServerConfiguration(
                    host: "localhost", port: port, certificateAuthorityPEM: nil, bearerToken: .inline("secret-token"),
                    connectTimeout: .seconds(5)))
            })
        #expect(failure.underlying.isTLS)
        #expect(failure.description.hasPrefix("TLS failure with localhost:"), "\(failure)")
    }

    @Test func unresolvableHostIsReportedAsUnreachable() throws {
        let failure = try #require(
            try Self.failure { _ in
                try APIServerClient(configuration: APIServerConfiguration(
                    host: "no-such-host.invalid", port: 6443, certificateAuthorityPEM: TestPKI.shared.caPEM,
                    bearerToken: .inline("secret-token"), connectTimeout: .seconds(5)))
            })
        #expect(failure.description.hasPrefix("cannot reach the API server no-such-host.invalid:6443: connecting to no-such-host.invalid:6443: "), "\(failure)")
        #expect(failure.description.contains("cannot resolve no-such-host.invalid"), "\(failure)")
    }
}
