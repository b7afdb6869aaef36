import HTTP1Codec
import Logging
import NetIO
import PolicyAPI

/// The webhook listener's routes: `POST /validate` answers AdmissionReviews; everything else is 404, or 405
/// for `/validate` with another method (Linkerd `admission.rs`).
package struct WebhookRoutes: HTTPRequestHandler {
    package let endpoint: AdmissionEndpoint
    package let metrics: WebhookMetricSet
    package let logger: Logger

    package init(endpoint: AdmissionEndpoint, metrics: WebhookMetricSet, logger: Logger) {
        self.endpoint = endpoint
        self.metrics = metrics
        self.logger = logger
    }

    /// Made once: every answer carries the same headers.
    private static let jsonHeaders: HTTPHeaders = ["Content-Type": "application/json"]

    package func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard request.path == "/validate" else { return .text(404, "not found") }
        guard request.method == "POST" else {
            var response = HTTPResponse.text(405, "method not allowed")
            response.headers.add(name: "Allow", value: "POST")
            return response
        }
        let start = ContinuousClock.now
        let answer = self.endpoint.answer(body: request.body)
        let elapsed = ContinuousClock.now - start
        self.record(answer, seconds: elapsed / .seconds(1))
        return HTTPResponse(status: answer.status, headers: Self.jsonHeaders, body: answer.body)
    }

    /// Counts and times the review, and logs denials (one line each, never the object).
    private func record(_ answer: AdmissionEndpoint.Answer, seconds: Double) {
        guard let review = answer.review, let response = answer.response else {
            self.metrics.admissionRequests.increment(KindLabel.none, OperationLabel.none, DecisionLabel.error)
            self.logger.info("rejected a body that is not an AdmissionReview", metadata: ["http.status": "\(answer.status)"])
            return
        }
        let request = review.request
        let kind = KindLabel(request.kind, registry: self.endpoint.controller.registry)
        self.metrics.admissionRequests.increment(kind, OperationLabel(request.operation), DecisionLabel(response))
        self.metrics.admissionDuration.observe(seconds, kind)
        if let verdict = answer.verdict {
            for rule in DenialRuleLabel.rules(of: verdict) { self.metrics.denials.increment(rule, request.isDryRun) }
        }
        // Metadata is built only when the line is logged: the request path stays free of it otherwise.
        let metadata = { () -> Logger.Metadata in
            [
                "request.uid": "\(request.uid)",
                "admission.kind": "\(request.kind.kind)",
                "admission.operation": "\(request.operation.name)",
                "admission.object": "\(request.namespace)/\(request.name)",
            ]
        }
        if response.isAllowed {
            self.logger.debug("admitted", metadata: metadata())
        } else {
            self.logger.info("denied", metadata: metadata().merging(["admission.reason": "\(response.message ?? "denied")"]) { $1 })
        }
    }
}
