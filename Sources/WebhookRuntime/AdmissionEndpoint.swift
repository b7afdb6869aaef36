import KubeCache
import PolicyAPI
import PolicyCore

/// `POST /validate`: AdmissionReview bytes in, AdmissionReview bytes out. The one path shared by the server,
/// `replay` and `check`, so all three give the same verdicts.
package struct AdmissionEndpoint: Sendable {
    /// The HTTP status and JSON body to answer with.
    package struct Answer: Sendable {
        package var status: Int
        package var body: [UInt8]
        /// The decoded request and the response, when the body was a well-formed review (for logs and metrics).
        package var review: AdmissionReview?
        package var response: AdmissionResponse?
        /// The decision with its reasons (for the denial metrics), when the body was a well-formed review.
        package var verdict: Verdict?
        /// The parts of rule 8 whose warnings the answer carries (for the metrics).
        package var trafficRules: [TrafficWarning.Rule] = []
    }

    package let controller: AdmissionController
    /// Where the current cluster snapshot comes from (a static inventory or the live reflectors).
    package let snapshots: any SnapshotProvider
    /// Told of every Server admitted for real (not a dry run), so the live cache knows it before its watch event.
    package let onServerAdmitted: (@Sendable (ServerRecord) -> Void)?

    package init(
        controller: AdmissionController, snapshots: any SnapshotProvider,
        onServerAdmitted: (@Sendable (ServerRecord) -> Void)? = nil
    ) {
        self.controller = controller
        self.snapshots = snapshots
        self.onServerAdmitted = onServerAdmitted
    }

    /// Decodes, reviews and encodes one AdmissionReview body, under `enforcement` (the controller's own when nil).
    package func answer(body: some Collection<UInt8>, enforcement: AdmissionConfiguration.Enforcement? = nil) -> Answer {
        let review: AdmissionReview
        do {
            review = try AdmissionReview.parse(body, objectPlans: self.controller.registry)
        } catch {
            var writer = JSONWriter()
            writer.raw("{\"error\":")
            writer.string(error.reason)
            writer.raw("}")
            return Answer(status: 400, body: writer.bytes, review: nil, response: nil, verdict: nil)
        }
        let assessment = self.controller.assess(review.request, snapshot: self.snapshots.snapshot(), enforcement: enforcement)
        let verdict = assessment.verdict
        let response = verdict.response(uid: review.request.uid)
        if let onServerAdmitted, let server = verdict.admittedServer(of: review.request) {
            onServerAdmitted(server)
        }
        return Answer(
            status: 200, body: response.encodedReview(version: review.version), review: review, response: response, verdict: verdict,
            trafficRules: assessment.trafficRules)
    }
}
