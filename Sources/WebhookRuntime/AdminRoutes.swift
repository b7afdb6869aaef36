import HTTP1Codec
import NetIO
import WebhookMetrics

/// The admin listener's routes: `GET /healthz` (the process serves), `GET /readyz` (from the readiness
/// provider) and `GET /metrics` (Prometheus text).
package struct AdminRoutes: HTTPRequestHandler {
    package let registry: MetricsRegistry
    /// Whether the webhook can give real verdicts (the cache has synced, and it is not shutting down).
    package let isReady: @Sendable () -> Bool

    package init(registry: MetricsRegistry, isReady: @escaping @Sendable () -> Bool) {
        self.registry = registry
        self.isReady = isReady
    }

    package func handle(_ request: HTTPRequest) -> HTTPResponse {
        let path = request.path
        guard path == "/healthz" || path == "/readyz" || path == "/metrics" else { return .text(404, "not found") }
        guard request.method == "GET" else {
            var response = HTTPResponse.text(405, "method not allowed")
            response.headers.add(name: "Allow", value: "GET")
            return response
        }
        switch path {
        case "/healthz":
            return .text(200, "ok")
        case "/readyz":
            return self.isReady() ? .text(200, "ready") : .text(503, "not ready")
        default:
            return HTTPResponse(
                status: 200,
                headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
                body: Array(self.registry.render().utf8)
            )
        }
    }
}
