import PolicyAPI
import PolicyCore
import Testing

/// Retry and timeout annotations under a Service parent, as a table: (annotation, value, accepted).
@Suite struct RouteAnnotationChecksTests {
    typealias B = RouteBuilder

    static let rows: [(String, String, Bool)] = [
        ("retry.linkerd.io/limit", "0", true), ("retry.linkerd.io/limit", "3", true),
        ("retry.linkerd.io/limit", "65535", true), ("retry.linkerd.io/limit", "65536", false),
        ("retry.linkerd.io/limit", "-1", false), ("retry.linkerd.io/limit", "", false),
        ("retry.linkerd.io/limit", "many", false),
        ("retry.linkerd.io/timeout", "500ms", true), ("retry.linkerd.io/timeout", "1.5s", false),
        ("timeout.linkerd.io/request", "0", true), ("timeout.linkerd.io/request", "5", false),
        ("timeout.linkerd.io/response", "2d", true), ("timeout.linkerd.io/response", "-1s", false),
        ("timeout.linkerd.io/idle", "1m", true), ("timeout.linkerd.io/idle", "1h30m", false),
        ("retry.linkerd.io/http", "5xx", true), ("retry.linkerd.io/http", "gateway-error", true),
        ("retry.linkerd.io/http", "5XX,429", true), ("retry.linkerd.io/http", "500-504, 429", true),
        ("retry.linkerd.io/http", "99", false), ("retry.linkerd.io/http", "600", false),
        ("retry.linkerd.io/http", "504-500", false), ("retry.linkerd.io/http", "5xx,", false),
        ("retry.linkerd.io/http", "4xx", false),
    ]

    @Test(arguments: rows)
    func annotationUnderServiceParent(_ key: String, _ value: String, _ isAccepted: Bool) {
        let route = B.policyRoute(
            #"{"parentRefs":[{"group":"","kind":"Service","name":"svc","port":80}]}"#, annotations: [key: value]
        )
        let violations = B.policyRouteViolations(route)
        #expect(violations.isEmpty == isAccepted, "\(key)=\(value): \(violations)")
        if !isAccepted { #expect(violations.first?.hasPrefix("metadata.annotations[\(key)]: ") == true) }
    }
}
