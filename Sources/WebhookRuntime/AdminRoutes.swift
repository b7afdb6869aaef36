import HTTP1Codec
import NetIO
import PolicyCore
import WebhookMetrics

/// The admin listener's routes, each answering GET and HEAD: `/healthz` (the process serves), `/readyz` (from the
/// readiness provider), `/metrics` (Prometheus text) and `/overlaps` (Servers that already overlap: one per line,
/// or `ExistingOverlaps.json` when the request accepts `application/json`).
package struct AdminRoutes: HTTPRequestHandler {
    /// The largest request body the admin listener reads (and ignores): none of its routes takes one, but a
    /// client may send a small one with a GET, which is no reason to answer 413.
    package static let maxBodyBytes = 4096
    package let registry: MetricsRegistry
    /// Whether the webhook can give real verdicts (the cache has synced, and it is not shutting down).
    package let isReady: @Sendable () -> Bool
    /// Extra admin behaviour: metrics refreshed at scrape time, the overlap report.
    package let hooks: AdminHooks

    package init(registry: MetricsRegistry, hooks: AdminHooks = AdminHooks(), isReady: @escaping @Sendable () -> Bool) {
        self.registry = registry
        self.hooks = hooks
        self.isReady = isReady
    }

    package func handle(_ request: HTTPRequest) -> HTTPResponse {
        let path = request.path
        guard ["/healthz", "/readyz", "/metrics", "/overlaps"].contains(path) else { return .text(404, "not found") }
        // HEAD is GET without the body (RFC 9110 section 9.3.2); the connection leaves the body out.
        guard request.method == "GET" || request.method == "HEAD" else {
            var response = HTTPResponse.text(405, "method not allowed")
            response.headers.add(name: "Allow", value: "GET, HEAD")
            return response
        }
        switch path {
        case "/healthz":
            return .text(200, "ok")
        case "/readyz":
            return self.isReady() ? .text(200, "ready") : .text(503, "not ready")
        case "/overlaps":
            let overlaps = self.hooks.existingOverlaps()
            if Self.acceptsJSON(request.headers.values(named: "Accept")) {
                return HTTPResponse(
                    status: 200, headers: ["Content-Type": "application/json"], body: Array(ExistingOverlaps.json(overlaps).utf8))
            }
            let lines = overlaps.map(\.description)
            return .text(200, lines.isEmpty ? "no overlapping Servers" : lines.joined(separator: "\n"))
        default:
            return HTTPResponse(
                status: 200,
                headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
                body: Array(self.registry.render().utf8)
            )
        }
    }
}

extension AdminRoutes {
    /// Whether any media range of the `Accept` values is `application/json` (parameters such as `q` ignored).
    static func acceptsJSON(_ values: [String]) -> Bool {
        values.contains { value in
            value.split(separator: ",").contains { range in
                let type = (range.split(separator: ";", maxSplits: 1).first ?? "").filter { $0 != " " && $0 != "\t" }
                return type.lowercased() == "application/json"
            }
        }
    }
}

/// What the admin listener asks of the rest of the runtime, beyond the registry and readiness. Each hook returns
/// what was computed elsewhere: the admin listener is one event loop, and `/healthz` must never wait for work.
package struct AdminHooks: Sendable {
    /// The Servers that already overlap, as last found.
    package var existingOverlaps: @Sendable () -> [ExistingOverlaps.Overlap]

    package init(existingOverlaps: @escaping @Sendable () -> [ExistingOverlaps.Overlap] = { [] }) {
        self.existingOverlaps = existingOverlaps
    }
}
