import HTTP1Codec
import Logging
import Synchronization
import PolicyAPI
import PolicyCore
import Testing
import WebhookMetrics
import WebhookRuntime

/// The route tables and the JSON log handler, in process (no socket).
struct RoutesTests {
    static let logger = Logger(label: "routes-test") { _ in SwiftLogNoOpLogHandler() }

    @Test(arguments: [
        ("GET", "/healthz", 200),
        ("GET", "/readyz", 503),
        ("GET", "/metrics", 200),
        ("POST", "/healthz", 405),
        ("GET", "/validate", 404),
    ])
    func adminRoutesAnswer(_ method: String, _ target: String, _ status: Int) {
        let routes = AdminRoutes(registry: MetricsRegistry()) { false }
        #expect(routes.handle(HTTPRequest(method: method, target: target)).status == status)
    }

    /// Admin routes reporting one overlap of two Servers on one shared pod port.
    static let overlapRoutes = AdminRoutes(
        registry: MetricsRegistry(),
        hooks: AdminHooks(existingOverlaps: {
            [
                ExistingOverlaps.Overlap(
                    namespace: "shop", server: "a", otherServer: "b", example: "web-1/8080", appliedServer: "b",
                    sharedPorts: ["web-1/8080"], sharedPortCount: 1)
            ]
        })
    ) { true }

    @Test func overlapsAnswerJSONWhenTheRequestAcceptsIt() {
        let response = Self.overlapRoutes.handle(
            HTTPRequest(method: "GET", target: "/overlaps", headers: ["Accept": "text/html, application/json;q=0.9"]))
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"overlaps":[{"namespace":"shop","servers":["a","b"],"appliedServer":"b","sharedPorts":["web-1/8080"],"sharedPortCount":1}],"count":1}"# + "\n")
    }

    @Test func overlapsAnswerTextLinesByDefault() {
        let response = Self.overlapRoutes.handle(HTTPRequest(method: "GET", target: "/overlaps", headers: ["Accept": "*/*"]))
        #expect(String(decoding: response.body, as: UTF8.self) == #"shop: Server "a" and Server "b" overlap on web-1/8080"# + "\n")
    }

    @Test func webhookRoutesCountDecisions() throws {
        let metrics = WebhookMetricSet()
        let routes = WebhookRoutes(endpoint: try AdmissionEndpoint.inventory(path: nil), metrics: metrics, logger: Self.logger)
        #expect(routes.handle(HTTPRequest(method: "POST", target: "/validate", body: Requests.smallReview)).status == 200)
        #expect(routes.handle(HTTPRequest(method: "POST", target: "/validate", body: Array("[]".utf8))).status == 400)
        #expect(routes.handle(HTTPRequest(method: "PUT", target: "/validate")).status == 405)
        #expect(routes.handle(HTTPRequest(method: "POST", target: "/other")).status == 404)
        let server = try #require(KindRegistry.standard.lookup(group: "policy.linkerd.io", kind: "Server"))
        let serverLabel = KindLabel(GroupVersionKind(group: server.group, version: "v1beta3", kind: server.kind), registry: .standard)
        #expect(metrics.admissionRequests.value(serverLabel, OperationLabel.create, DecisionLabel.allow) == 1)
        #expect(metrics.admissionRequests.value(KindLabel.none, OperationLabel.none, DecisionLabel.error) == 1)
    }

    @Test func jsonLogHandlerWritesOneObjectPerLine() {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "webhook") { label in
            JSONLogHandler(label: label, logLevel: .info) { bytes in
                lines.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) }
            }
        }
        logger[metadataKey: "component"] = "test"
        logger.debug("hidden")
        logger.info("denied", metadata: ["request.uid": "u-1", "admission.reason": "say \"no\"\n"])
        #expect(
            lines.withLock { $0 } == [
                #"{"level":"info","logger":"webhook","message":"denied","admission.reason":"say \"no\"\n","component":"test","request.uid":"u-1"}"#
                    + "\n"
            ]
        )
    }

    @Test func plainLogHandlerEscapesControlCharactersFromRequests() {
        let lines = Mutex<[String]>([])
        let logger = Logger(label: "webhook") { label in
            PlainLogHandler(label: label, logLevel: .info, sink: { bytes in
                lines.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) }
            }, clock: { "T" })
        }
        logger.info(
            "denied\nforged",
            metadata: ["admission.object": "shop/web\n2026-12-07T00:00:00Z info forged : x", "request.uid": "a\r\tb\u{1b}[31m\\"])
        #expect(
            lines.withLock { $0 } == [
                #"T info webhook : admission.object=shop/web\n2026-12-07T00:00:00Z info forged : x request.uid=a\r\tb\u{1b}[31m\\ denied\nforged"#
                    + "\n"
            ]
        )
    }

    @Test func deniedReviewWithNewlineInNameLogsOneLine() throws {
        let lines = Mutex<[String]>([])
        let logger = Logger(label: "webhook") { label in
            PlainLogHandler(label: label, logLevel: .info, sink: { bytes in
                lines.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) }
            })
        }
        let routes = WebhookRoutes(endpoint: try AdmissionEndpoint.inventory(path: nil), metrics: WebhookMetricSet(), logger: logger)
        let body = #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u\n1","kind":{"group":"policy.linkerd.io","version":"v1beta3","kind":"Server"},"resource":{"group":"policy.linkerd.io","version":"v1beta3","resource":"servers"},"name":"web\nfake line","namespace":"default","operation":"CREATE","userInfo":{},"object":{"apiVersion":"policy.linkerd.io/v1beta3","kind":"Server","metadata":{"name":"web","namespace":"default"},"spec":{"podSelector":{"matchLabels":{"app":"web"}},"port":0}}}}"#
        #expect(routes.handle(HTTPRequest(method: "POST", target: "/validate", body: Array(body.utf8))).status == 200)
        let logged = lines.withLock { $0 }
        #expect(logged.count == 1)
        #expect(logged.first?.filter { $0 == "\n" }.count == 1)
        #expect(logged.first?.contains(#"admission.object=default/web\nfake line"#) == true)
        #expect(logged.first?.contains(#"request.uid=u\n1"#) == true)
    }
}
