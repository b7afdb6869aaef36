import HTTP1Codec
import Logging
import NetIO
import PolicyAPI
import PolicyCore

/// The webhook listener's routes: `POST /validate` answers AdmissionReviews under the configured enforcement,
/// `POST /validate/warn` under enforcement `warn` (the chart's entry for namespaces labelled
/// `linkerd-policy-webhook/enforcement: warn`); everything else is 404, or 405 for either path with another
/// method (Linkerd `admission.rs`).
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
        guard let route = ValidationPath(path: request.path) else { return .text(404, "not found") }
        guard request.method == "POST" else {
            var response = HTTPResponse.text(405, "method not allowed")
            response.headers.add(name: "Allow", value: "POST")
            return response
        }
        let start = ContinuousClock.now
        let answer = self.endpoint.answer(body: request.body, enforcement: route.enforcement)
        let elapsed = ContinuousClock.now - start
        self.record(answer, seconds: elapsed / .seconds(1))
        return HTTPResponse(status: answer.status, headers: Self.jsonHeaders, body: answer.body)
    }

    /// The admission paths. The mode lives in the path, so the API server's webhook entry picks it from the
    /// namespace's labels and the request path needs no lookup.
    package enum ValidationPath: Sendable, Hashable {
        /// `/validate`: the configured enforcement (`--enforcement`).
        case configured
        /// `/validate/warn`: enforcement `warn`, whatever is configured.
        case warn

        /// The path's route, nil for any other path.
        package init?(path: some StringProtocol) {
            switch path {
            case "/validate": self = .configured
            case "/validate/warn": self = .warn
            default: return nil
            }
        }

        /// The enforcement to review under; nil keeps the controller's configured one.
        package var enforcement: AdmissionConfiguration.Enforcement? {
            switch self {
            case .configured: return nil
            case .warn: return .warn
            }
        }
    }

    /// Counts and times the review, and logs denials (one line each, never the object).
    private func record(_ answer: AdmissionEndpoint.Answer, seconds: Double) {
        guard let review = answer.review, let response = answer.response, let verdict = answer.verdict else {
            self.metrics.admissionRequests.increment(KindLabel.none, OperationLabel.none, DecisionLabel.error)
            self.logger.info("rejected a body that is not an AdmissionReview", metadata: ["http.status": "\(answer.status)"])
            return
        }
        let request = review.request
        let kind = KindLabel(request.kind, registry: self.endpoint.controller.registry)
        let decision = DecisionLabel(verdict.decision)
        self.metrics.admissionRequests.increment(kind, OperationLabel(request.operation), decision)
        self.metrics.admissionDuration.observe(seconds, kind)
        let ruleCounter = decision == .wouldDeny ? self.metrics.wouldDenials : self.metrics.denials
        for rule in DenialRuleLabel.rules(of: verdict) { ruleCounter.increment(rule, request.isDryRun) }
        for rule in answer.trafficRules { self.metrics.trafficWarnings.increment(TrafficRuleLabel(rule), request.isDryRun) }
        // Metadata is built only when the line is logged: the request path stays free of it otherwise.
        let metadata = { () -> Logger.Metadata in
            [
                "request.uid": "\(request.uid)",
                "admission.kind": "\(request.kind.kind)",
                "admission.operation": "\(request.operation.name)",
                "admission.object": "\(request.namespace)/\(request.name)",
            ]
        }
        if decision == .wouldDeny {
            // Warnings are capped in count and length (Verdict), so the line is bounded.
            let reasons = response.warnings.joined(separator: " | ")
            self.logger.info("would deny (enforcement warn): admitted", metadata: metadata().merging(["admission.reason": "\(reasons)"]) { $1 })
        } else if response.isAllowed {
            self.logger.debug("admitted", metadata: metadata())
        } else {
            self.logger.info("denied", metadata: metadata().merging(["admission.reason": "\(response.message ?? "denied")"]) { $1 })
        }
    }
}
