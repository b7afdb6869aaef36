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
    }

    package let controller: AdmissionController
    /// Where the current cluster snapshot comes from (a static inventory or the live reflectors).
    package let snapshots: any SnapshotProvider

    package init(controller: AdmissionController, snapshots: any SnapshotProvider) {
        self.controller = controller
        self.snapshots = snapshots
    }

    /// Decodes, reviews and encodes one AdmissionReview body.
    package func answer(body: some Collection<UInt8>) -> Answer {
        let review: AdmissionReview
        do {
            review = try AdmissionReview.parse(body)
        } catch {
            var writer = JSONWriter()
            writer.raw("{\"error\":")
            writer.string(error.reason)
            writer.raw("}")
            return Answer(status: 400, body: writer.bytes, review: nil, response: nil)
        }
        let response = self.controller.review(review.request, snapshot: self.snapshots.snapshot())
        return Answer(status: 200, body: response.encodedReview(version: review.version), review: review, response: response)
    }
}
