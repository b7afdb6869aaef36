import HTTP1Codec
import KubeCache
import Logging
import PolicyAPI
import PolicyCore
import Testing
import WebhookMetrics
import WebhookRuntime

/// Metric labels come from closed sets: whatever kinds and operations requests carry, `/metrics` keeps a fixed
/// number of series and a size under `MetricLabelBoundTests.maximumMetricsBytes`.
struct MetricLabelBoundTests {
    static let logger = Logger(label: "bound-test") { _ in SwiftLogNoOpLogHandler() }
    /// The stated bound of `/metrics` (README, "Operate"): every series of every closed set at once.
    static let maximumMetricsBytes = 160 * 1024

    /// An AdmissionReview with any kind and operation (JSON-escaped by the caller's choice of characters).
    static func review(group: String, kind: String, operation: String, dryRun: Bool = false) -> [UInt8] {
        Array(
            #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u-1","kind":{"group":"\#(group)","version":"v1beta3","kind":"\#(kind)"},"resource":{"group":"\#(group)","version":"v1beta3","resource":"servers"},"name":"web","namespace":"default","operation":"\#(operation)","dryRun":\#(dryRun),"userInfo":{},"object":{"apiVersion":"\#(group)/v1beta3","kind":"\#(kind)","metadata":{"name":"web","namespace":"default"},"spec":{"podSelector":{"matchLabels":{"app":"web"}},"port":8080}}}}"#
                .utf8
        )
    }

    static func randomText(bytes: Int, using generator: inout some RandomNumberGenerator) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return String((0..<bytes).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    @Test func tenThousandRequestsWithRandomKindsAndOperationsKeepMetricsBounded() throws {
        let metrics = WebhookMetricSet()
        let routes = WebhookRoutes(endpoint: try AdmissionEndpoint.inventory(path: nil), metrics: metrics, logger: Self.logger)
        var generator = SystemRandomNumberGenerator()
        for index in 0..<10_000 {
            let kind = Self.randomText(bytes: 1024, using: &generator)
            let operation = index.isMultiple(of: 2) ? Self.randomText(bytes: 64, using: &generator) : "CREATE"
            let body = Self.review(group: index.isMultiple(of: 3) ? "policy.linkerd.io" : "x.example", kind: kind, operation: operation)
            #expect(routes.handle(HTTPRequest(method: "POST", target: "/validate", body: body)).status == 200)
        }
        let text = metrics.registry.render()
        #expect(text.utf8.count <= Self.maximumMetricsBytes)
        #expect(metrics.admissionRequests.value(KindLabel.other, OperationLabel.other, DecisionLabel.allow) == 5_000)
        #expect(metrics.admissionRequests.value(KindLabel.other, OperationLabel.create, DecisionLabel.allow) == 5_000)
        let requestLines = text.split(separator: "\n").filter { $0.hasPrefix("linkerd_policy_webhook_admission_requests_total{") }
        #expect(requestLines.count == 2)
        #expect(text.split(separator: "\n").allSatisfy { $0.utf8.count < 200 })
    }

    @Test func everyLabelCombinationAtOnceStaysUnderTheStatedBound() {
        let metrics = WebhookMetricSet()
        for kind in KindLabel.allValues(registry: .standard) {
            for operation in OperationLabel.allCases {
                for decision in DecisionLabel.allCases { metrics.admissionRequests.increment(kind, operation, decision, by: 1e9) }
            }
            metrics.admissionDuration.observe(0.001, kind)
        }
        for rule in DenialRuleLabel.allCases {
            metrics.denials.increment(rule, true, by: 1e9)
            metrics.denials.increment(rule, false, by: 1e9)
        }
        for rule in TrafficRuleLabel.allCases {
            metrics.trafficWarnings.increment(rule, true, by: 1e9)
            metrics.trafficWarnings.increment(rule, false, by: 1e9)
        }
        let bytes = metrics.registry.render().utf8.count
        #expect(bytes <= Self.maximumMetricsBytes)
        #expect(bytes > Self.maximumMetricsBytes / 4)
    }

    @Test func denialsAreCountedByRuleAndDryRun() throws {
        let metrics = WebhookMetricSet()
        let routes = WebhookRoutes(endpoint: try AdmissionEndpoint.inventory(path: nil), metrics: metrics, logger: Self.logger)
        // Port 0 breaks the schema; a selector with both matchLabels and matchExpressions breaks exactly-one-of.
        let broken = String(decoding: Self.review(group: "policy.linkerd.io", kind: "Server", operation: "CREATE", dryRun: true), as: UTF8.self)
            .replacingOccurrences(of: #""port":8080"#, with: #""port":0"#)
        #expect(routes.handle(HTTPRequest(method: "POST", target: "/validate", body: Array(broken.utf8))).status == 200)
        #expect(metrics.admissionRequests.value(
            KindLabel(GroupVersionKind(group: "policy.linkerd.io", version: "v1beta3", kind: "Server"), registry: .standard),
            OperationLabel.create, DecisionLabel.deny) == 1)
        #expect(metrics.denials.value(DenialRuleLabel.violated(.schema), true) == 1)
        #expect(metrics.denials.value(DenialRuleLabel.violated(.schema), false) == 0)
        let text = metrics.registry.render()
        #expect(text.contains(#"linkerd_policy_webhook_denials_total{rule="schema",dry_run="true"} 1"#))
    }

    @Test func trafficWarningsAreCountedByRuleAndDryRunOnlyWhenAdmitted() throws {
        let pods: [JSONValue] = try (1...2).map { index in
            try JSONDecoding.decode(
                Array(
                    #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-\#(index)","namespace":"default","labels":{"app":"web"}},"spec":{"containers":[{"name":"web","ports":[{"containerPort":8080}]}]},"status":{"phase":"Running"}}"#
                        .utf8))
        }
        let endpoint = AdmissionEndpoint(controller: AdmissionController(), snapshots: StaticSnapshotProvider(ClusterSnapshot(inventory: pods)))
        let metrics = WebhookMetricSet()
        let routes = WebhookRoutes(endpoint: endpoint, metrics: metrics, logger: Self.logger)
        let server = Self.review(group: "policy.linkerd.io", kind: "Server", operation: "CREATE")
        for body in [server, server, Self.review(group: "policy.linkerd.io", kind: "Server", operation: "CREATE", dryRun: true)] {
            let response = routes.handle(HTTPRequest(method: "POST", target: "/validate", body: body))
            #expect(String(decoding: response.body, as: UTF8.self).contains("has no authorization: all requests to its 2 pods on port 8080 will be denied"))
        }
        let broken = String(decoding: server, as: UTF8.self).replacingOccurrences(of: #""port":8080"#, with: #""port":0"#)
        _ = routes.handle(HTTPRequest(method: "POST", target: "/validate", body: Array(broken.utf8)))
        #expect(metrics.trafficWarnings.value(TrafficRuleLabel(.serverUnauthorized), false) == 2)
        #expect(metrics.trafficWarnings.value(TrafficRuleLabel(.serverUnauthorized), true) == 1)
        #expect(metrics.trafficWarnings.value(TrafficRuleLabel(.lastAuthorizationDeleted), false) == 0)
        #expect(metrics.registry.render().contains(#"linkerd_policy_webhook_traffic_warnings_total{rule="server_unauthorized",dry_run="false"} 2"#))
    }

    @Test func buildInfoNamesVersionAndSwift() {
        let text = WebhookMetricSet().registry.render()
        #expect(text.contains(#"linkerd_policy_webhook_build_info{version="0.1.0",swift_version="6.3"} 1"#))
    }
}
