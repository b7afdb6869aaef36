import Foundation
import PolicyAPI
import PolicyCore
import Testing

/// Warn-first rollout over real TLS: the same violating Server is denied by a server in deny mode and admitted,
/// with every violation as a `would deny:` warning, by one in warn mode or on `/validate/warn`.
struct EnforcementLiveTests {
    /// A Server CREATE with three violations: accessPolicy, port name and proxyProtocol.
    static let violatingReview: [UInt8] = Array(
        #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"c0ffee00-0000-4000-8000-000000000001","kind":{"group":"policy.linkerd.io","version":"v1beta3","kind":"Server"},"resource":{"group":"policy.linkerd.io","version":"v1beta3","resource":"servers"},"name":"web","namespace":"default","operation":"CREATE","userInfo":{},"object":{"apiVersion":"policy.linkerd.io/v1beta3","kind":"Server","metadata":{"name":"web","namespace":"default"},"spec":{"podSelector":{"matchLabels":{"app":"web"}},"port":"web_http","proxyProtocol":"grpc","accessPolicy":"permit"}}}}"#
            .utf8
    )

    /// Posts the violating review to `path` and decodes the response of the answer.
    static func answer(_ live: LiveServer, path: String) throws -> (allowed: Bool, message: String?, warnings: [String]) {
        let client = try live.client()
        try client.send(Requests.post(Self.violatingReview, path: path))
        let response = try client.readResponse()
        #expect(response.status == 200)
        let review = try JSONDecoding.decode(Array(response.text.utf8))
        let body = try #require(review["response"])
        #expect(body["uid"]?.stringValue == "c0ffee00-0000-4000-8000-000000000001")
        return (
            body["allowed"] == .bool(true),
            body["status"]?["message"]?.stringValue,
            body["warnings"]?.arrayValue?.compactMap(\.stringValue) ?? []
        )
    }

    static func metrics(_ live: LiveServer) throws -> String {
        let admin = try live.adminClient()
        try admin.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        return try admin.readResponse().text
    }

    @Test func denyModeDeniesEveryViolationAndWarnModeAdmitsEachAsAWarning() async throws {
        let deny = try LiveServer()
        let denied = try Self.answer(deny, path: "/validate")
        #expect(!denied.allowed)
        let reasons = try #require(denied.message).components(separatedBy: " | ")
        #expect(reasons.map { String($0.prefix(while: { $0 != ":" })) } == ["spec.accessPolicy", "spec.port", "spec.proxyProtocol"])
        #expect(try Self.metrics(deny).contains(#"linkerd_policy_webhook_admission_requests_total{kind="Server",operation="CREATE",decision="deny"} 1"#))
        try await deny.stop()

        let warn = try LiveServer(enforcement: .warn)
        let warned = try Self.answer(warn, path: "/validate")
        #expect(warned.allowed)
        #expect(warned.message == nil)
        #expect(warned.warnings == reasons.map { "would deny: " + $0 })
        let text = try Self.metrics(warn)
        #expect(text.contains(#"linkerd_policy_webhook_admission_requests_total{kind="Server",operation="CREATE",decision="would_deny"} 1"#))
        #expect(text.contains(#"linkerd_policy_webhook_would_denials_total{rule="semantic",dry_run="false"} 1"#))
        #expect(text.contains(#"linkerd_policy_webhook_would_denials_total{rule="port_name",dry_run="false"} 1"#))
        try await warn.stop()
    }

    @Test func theWarnPathOfADenyModeServerAdmitsWithWarnings() async throws {
        let live = try LiveServer()
        let warned = try Self.answer(live, path: "/validate/warn?timeout=10s")
        let denied = try Self.answer(live, path: "/validate?timeout=10s")
        #expect(warned.allowed)
        #expect(!denied.allowed)
        let reasons = try #require(denied.message).components(separatedBy: " | ")
        #expect(warned.warnings == reasons.map { "would deny: " + $0 })
        try await live.stop()
    }
}
