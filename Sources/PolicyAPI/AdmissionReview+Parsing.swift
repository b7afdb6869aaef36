/// Why a body is not a usable AdmissionReview (answered with HTTP 400).
package struct AdmissionReviewError: Error, Hashable, CustomStringConvertible {
    /// What is wrong, naming the field.
    package var reason: String

    package init(reason: String) { self.reason = reason }

    package var description: String { self.reason }
}

/// What to build of the object under review, by its kind: the read plans of the kinds a webhook validates.
package protocol ObjectReadPlans {
    func readPlan(for kind: GroupVersionKind) -> JSONReadPlan
}

/// Builds every object whole: for tools and tests that read objects beyond what the rules need.
package struct WholeObjects: ObjectReadPlans {
    package init() {}

    package func readPlan(for kind: GroupVersionKind) -> JSONReadPlan { .all }
}

extension AdmissionReview {
    /// Decodes and checks an AdmissionReview body, building of `object` and `oldObject` only what
    /// `objectPlans` (given the request's kind) says the rules read; the rest is checked for syntax only. Without
    /// plans, objects are built whole.
    ///
    /// - Throws: `AdmissionReviewError` when the bytes are not JSON or not a well-formed AdmissionReview.
    package static func parse(
        _ bytes: some Collection<UInt8>, objectPlans: some ObjectReadPlans = WholeObjects()
    ) throws(AdmissionReviewError) -> AdmissionReview {
        if bytes.isEmpty { throw AdmissionReviewError(reason: "the request body is empty; expected an AdmissionReview") }
        let result: Result<AdmissionReview, AdmissionReviewError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(AdmissionReviewError) -> AdmissionReview in
                try AdmissionEnvelope.review(of: buffer, plans: objectPlans)
            }
        }
        if let result { return try result.get() }
        let copy = Array(bytes)
        return try copy.withUnsafeBufferPointer { buffer throws(AdmissionReviewError) in
            try AdmissionEnvelope.review(of: buffer, plans: objectPlans)
        }
    }

    /// Checks a review already decoded as a tree (objects whole) and extracts the request: the reference the
    /// planned read of the bytes is checked against.
    package static func parse(_ document: JSONValue) throws(AdmissionReviewError) -> AdmissionReview {
        try AdmissionEnvelope.review(of: document)
    }
}

extension AdmissionResponse {
    /// The AdmissionReview JSON answering in `version`, as bytes ready to send.
    package func encodedReview(version: AdmissionVersion) -> [UInt8] {
        var writer = JSONWriter(capacity: 256 + (self.message?.utf8.count ?? 0))
        writer.raw("{\"apiVersion\":")
        writer.string(version.rawValue)
        writer.raw(",\"kind\":\"AdmissionReview\",\"response\":{\"uid\":")
        writer.string(self.uid)
        writer.raw(",\"allowed\":")
        writer.bool(self.isAllowed)
        if self.statusCode != nil || self.message != nil {
            writer.raw(",\"status\":{\"metadata\":{}")
            if let code = self.statusCode {
                writer.raw(",\"code\":")
                writer.integer(code)
            }
            if let message = self.message {
                writer.raw(",\"message\":")
                writer.string(message)
            }
            if !self.isAllowed {
                writer.raw(",\"status\":\"Failure\"")
                if self.statusCode == 403 { writer.raw(",\"reason\":\"Forbidden\"") }
            }
            writer.raw("}")
        }
        if !self.warnings.isEmpty {
            writer.raw(",\"warnings\":")
            writer.stringArray(self.warnings)
        }
        writer.raw("}}")
        return writer.bytes
    }
}
