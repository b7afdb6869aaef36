import PolicyAPI
import PolicyCore
import Testing

/// A Gateway API HTTPRoute rule's `timeouts.request`, which Linkerd's outbound index reads with `parse_duration`
/// (linkerd2 `k8s/index/src/outbound/index/http.rs`, `convert_gateway_rule`) and drops silently when it cannot:
/// admitted either way, with a warning exactly when Linkerd would drop it.
@Suite struct GatewayRequestTimeoutWarningTests {
    typealias B = RouteBuilder

    static let serviceParent = #"{"group":"","kind":"Service","name":"svc","port":80}"#
    static let serverParent = #"{"group":"policy.linkerd.io","kind":"Server","name":"srv"}"#

    /// (rule request timeout, parent, annotations, whether a warning is expected).
    static let rows: [(String, String, [String: String], Bool)] = [
        ("10s", serviceParent, [:], false),  // http.rs:convert_gateway_rule, parse_duration reads it
        ("500ms", serviceParent, [:], false),  // http.rs:convert_gateway_rule, parse_duration reads it
        ("0s", serviceParent, [:], false),  // http.rs:convert_gateway_rule, zero means no timeout (GEP-1742)
        ("1h30m", serviceParent, [:], true),  // index.rs:parse_duration, u64 parse of "1h30" fails
        ("1s500ms", serviceParent, [:], true),  // index.rs:parse_duration, u64 parse of "1s500" fails
        ("1h30m", serverParent, [:], false),  // inbound routes never read rule timeouts
        ("1h30m", serviceParent, ["timeout.linkerd.io/request": "5s"], false),  // annotation wins, rule unread
    ]

    @Test(arguments: rows)
    func requestTimeoutLinkerdCannotReadWarns(
        _ timeout: String, _ parent: String, _ annotations: [String: String], _ warns: Bool
    ) {
        let route = B.object(
            apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute",
            spec: #"{"parentRefs":[\#(parent)],"rules":[{"timeouts":{"request":"\#(timeout)"}}]}"#,
            annotations: annotations
        )
        let report = B.gatewayReport(route, kind: "HTTPRoute")
        #expect(report.violations.isEmpty)
        let expected = [
            "spec.rules[0].timeouts.request \"\(timeout)\" is ignored by Linkerd, which reads one number and unit here "
                + "(such as 90m)"
        ]
        #expect(report.warnings == (warns ? expected : []), "\(timeout) \(parent)")
    }
}
