import PolicyAPI
import PolicyCore
import Testing

/// Retry and timeout annotations under a Service parent, as a table: (annotation, value, Linkerd accepts it). The
/// parsers are tested row by row against Linkerd in `AnnotationDurationParityTests` and `RetryAnnotationParityTests`;
/// this table checks that the validator denies exactly what they refuse, under the annotation's path.
@Suite struct RouteAnnotationChecksTests {
    typealias B = RouteBuilder

    static let rows: [(String, String, Bool)] = [
        ("retry.linkerd.io/limit", "0", true), ("retry.linkerd.io/limit", "3", true),
        ("retry.linkerd.io/limit", "65535", true), ("retry.linkerd.io/limit", "65536", false),
        ("retry.linkerd.io/limit", "-1", false), ("retry.linkerd.io/limit", "", false),
        ("retry.linkerd.io/limit", "many", false), ("retry.linkerd.io/limit", "+3", true),
        ("retry.linkerd.io/limit", "000003", true), ("retry.linkerd.io/limit", " 3", false),
        ("retry.linkerd.io/limit", "3\n", false),
        ("retry.linkerd.io/timeout", "500ms", true), ("retry.linkerd.io/timeout", "1.5s", false),
        ("retry.linkerd.io/timeout", "+500ms", true), ("retry.linkerd.io/timeout", "500ms\n", true),
        ("timeout.linkerd.io/request", "0", true), ("timeout.linkerd.io/request", "5", false),
        ("timeout.linkerd.io/request", "\u{00A0}5s", true), ("timeout.linkerd.io/request", "5 s", false),
        ("timeout.linkerd.io/response", "2d", true), ("timeout.linkerd.io/response", "-1s", false),
        ("timeout.linkerd.io/idle", "1m", true), ("timeout.linkerd.io/idle", "1h30m", false),
        ("retry.linkerd.io/http", "5xx", true), ("retry.linkerd.io/http", "gateway-error", true),
        ("retry.linkerd.io/http", "5XX,429", true), ("retry.linkerd.io/http", "500-504,429", true),
        ("retry.linkerd.io/http", "500-504, 429", false), ("retry.linkerd.io/http", "+429,0500-0504", true),
        ("retry.linkerd.io/http", "99", false), ("retry.linkerd.io/http", "600", false),
        ("retry.linkerd.io/http", "504-500", false), ("retry.linkerd.io/http", "5xx,", false),
        ("retry.linkerd.io/http", "4xx", false),
    ]

    @Test(arguments: rows)
    func annotationUnderServiceParent(_ key: String, _ value: String, _ isAccepted: Bool) {
        let violations = B.policyRouteViolations(Self.serviceParentRoute([key: value]))
        #expect(violations.isEmpty == isAccepted, "\(key)=\(value.debugDescription): \(violations)")
        if !isAccepted { #expect(violations.first?.hasPrefix("metadata.annotations[\(key)]: ") == true) }
    }

    @Test func rejectsConditionWithSpaceNamingThePieceAndWhitespace() {
        let violations = B.policyRouteViolations(Self.serviceParentRoute(["retry.linkerd.io/http": "5xx, 429"]))
        #expect(
            violations == [
                "metadata.annotations[retry.linkerd.io/http]: invalid retry condition \" 429\"; must be "
                    + "a comma-separated list of 5xx, gateway-error, a status code 100-599 or a range such as 500-504 "
                    + "(Linkerd trims no whitespace here)"
            ]
        )
    }

    @Test(arguments: [
        (["retry.linkerd.io/limit": "0", "retry.linkerd.io/http": "5xx"], true),
        (["retry.linkerd.io/limit": "00", "retry.linkerd.io/timeout": "1s"], true),
        (["retry.linkerd.io/limit": "+0", "retry.linkerd.io/http": "gateway-error"], true),
        (["retry.linkerd.io/limit": "0", "retry.linkerd.io/timeout": "0s"], false),
        (["retry.linkerd.io/limit": "0"], false),
        (["retry.linkerd.io/limit": "1", "retry.linkerd.io/http": "5xx"], false),
        (["retry.linkerd.io/limit": "0", "retry.linkerd.io/grpc": "internal"], false),
    ])
    func zeroRetryLimitWithRetriesWarnsAndAdmits(_ annotations: [String: String], _ warns: Bool) {
        let report = B.report(
            PolicyHTTPRouteValidator(), Self.serviceParentRoute(annotations), group: "policy.linkerd.io",
            version: "v1beta3", kind: "HTTPRoute"
        )
        #expect(report.violations.isEmpty)
        let expected = ["retry.linkerd.io/limit 0 does not disable retries: Linkerd reads it as unset and retries once"]
        #expect(report.warnings == (warns ? expected : []), "\(annotations)")
    }

    @Test func zeroRetryLimitOnGRPCRouteWithConditionsWarns() {
        let route = B.object(
            apiVersion: "gateway.networking.k8s.io/v1", kind: "GRPCRoute",
            spec: #"{"parentRefs":[{"group":"","kind":"Service","name":"svc","port":80}]}"#,
            annotations: ["retry.linkerd.io/limit": "0", "retry.linkerd.io/grpc": "unavailable"]
        )
        let report = B.gatewayReport(route, kind: "GRPCRoute")
        #expect(report.violations.isEmpty)
        #expect(report.warnings == ["retry.linkerd.io/limit 0 does not disable retries: Linkerd reads it as unset and retries once"])
    }

    /// A v1beta3 policy HTTPRoute with one Service parent and `annotations`.
    private static func serviceParentRoute(_ annotations: [String: String]) -> JSONValue {
        B.policyRoute(#"{"parentRefs":[{"group":"","kind":"Service","name":"svc","port":80}]}"#, annotations: annotations)
    }
}
