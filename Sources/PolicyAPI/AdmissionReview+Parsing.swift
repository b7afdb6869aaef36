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
            Result { () throws(AdmissionReviewError) -> AdmissionReview in try Self.parse(buffer: buffer, objectPlans: objectPlans) }
        }
        if let result { return try result.get() }
        let copy = Array(bytes)
        return try copy.withUnsafeBufferPointer { buffer throws(AdmissionReviewError) in
            try Self.parse(buffer: buffer, objectPlans: objectPlans)
        }
    }

    /// The plan for a review: the objects follow the kind's plan (deferred when the kind comes after them); of the
    /// rest, only what `parse(_ document:)` reads is built (userInfo, options, requestKind and the resource names
    /// are only checked).
    private static let reviewPlan = JSONReadPlan.members(
        [
            "kind": .all, "apiVersion": .all,
            "request": .members(
                [
                    "uid": .all, "kind": .capture(slot: ReviewSlot.kind), "name": .all, "namespace": .all,
                    "operation": .all, "dryRun": .all, "object": .dependent(slot: ReviewSlot.object),
                    "oldObject": .dependent(slot: ReviewSlot.oldObject),
                ],
                otherwise: .skip
            ),
        ],
        otherwise: .skip
    )

    /// Where the parse keeps the request's kind and the byte ranges of objects read before it.
    private enum ReviewSlot {
        static let object = 0
        static let oldObject = 1
        static let kind = 2
    }

    /// The objects' plan, from the request's kind once it has been read.
    private struct KindPlan<Plans: ObjectReadPlans>: JSONPlanResolver {
        let plans: Plans

        func plan(captured: Slots<JSONValue>) -> JSONReadPlan? {
            captured[ReviewSlot.kind].flatMap(AdmissionReview.groupVersionKind).map(self.plans.readPlan(for:))
        }
    }

    private static func parse(
        buffer: UnsafeBufferPointer<UInt8>, objectPlans: some ObjectReadPlans
    ) throws(AdmissionReviewError) -> AdmissionReview {
        let parsed: (value: JSONValue?, deferred: Slots<Range<Int>>)
        do {
            parsed = try JSONParser.parse(buffer, plan: Self.reviewPlan, resolver: KindPlan(plans: objectPlans))
        } catch {
            throw AdmissionReviewError(reason: "\(error.reason); expected an AdmissionReview JSON object")
        }
        var review = try Self.parse(parsed.value ?? .null)
        // Objects that came before the kind were only checked: build them now, with the kind's plan.
        guard !parsed.deferred.isEmpty else { return review }
        let plan = objectPlans.readPlan(for: review.request.kind)
        if let range = parsed.deferred[ReviewSlot.object] { review.request.object = try Self.object(in: buffer, range: range, plan: plan) }
        if let range = parsed.deferred[ReviewSlot.oldObject] { review.request.oldObject = try Self.object(in: buffer, range: range, plan: plan) }
        return review
    }

    /// Builds a deferred object with its plan; nil when null.
    private static func object(
        in buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>, plan: JSONReadPlan
    ) throws(AdmissionReviewError) -> JSONValue? {
        let slice = UnsafeBufferPointer(rebasing: buffer[range])
        do {
            let value = try JSONParser.parse(slice, plan: plan).value
            return value?.isNull == true ? nil : (value ?? .object([:]))
        } catch {
            throw AdmissionReviewError(reason: "\(error.reason); expected an AdmissionReview JSON object")
        }
    }

    /// Checks a decoded document and extracts the request.
    package static func parse(_ document: JSONValue) throws(AdmissionReviewError) -> AdmissionReview {
        guard case .object = document else {
            throw AdmissionReviewError(reason: "the body is a JSON \(document.typeName); expected an AdmissionReview object")
        }
        guard let kind = document["kind"]?.stringValue, kind == "AdmissionReview" else {
            throw AdmissionReviewError(reason: "kind: must be \"AdmissionReview\"")
        }
        guard let apiVersionString = document["apiVersion"]?.stringValue,
            let version = AdmissionVersion(rawValue: apiVersionString)
        else {
            throw AdmissionReviewError(reason: "apiVersion: must be admission.k8s.io/v1 or admission.k8s.io/v1beta1")
        }
        guard let request = document["request"], case .object = request else {
            throw AdmissionReviewError(reason: "request: missing or not an object")
        }
        guard let uid = request["uid"]?.stringValue, !uid.isEmpty else {
            throw AdmissionReviewError(reason: "request.uid: missing or not a non-empty string")
        }
        guard let kindValue = request["kind"], let gvk = Self.groupVersionKind(kindValue) else {
            throw AdmissionReviewError(reason: "request.kind: missing or not a {group, version, kind} object")
        }
        guard let operation = request["operation"]?.stringValue else {
            throw AdmissionReviewError(reason: "request.operation: missing or not a string")
        }
        let object = request.presentMember("object")
        let oldObject = request.presentMember("oldObject")
        return AdmissionReview(
            version: version,
            request: AdmissionRequest(
                uid: uid,
                kind: gvk,
                name: request["name"]?.stringValue ?? "",
                namespace: request["namespace"]?.stringValue ?? "",
                operation: AdmissionOperation(operation),
                object: object,
                oldObject: oldObject,
                isDryRun: request["dryRun"]?.boolValue ?? false
            )
        )
    }

    private static func groupVersionKind(_ value: JSONValue) -> GroupVersionKind? {
        guard let kind = value["kind"]?.stringValue else { return nil }
        return GroupVersionKind(
            group: value["group"]?.stringValue ?? "",
            version: value["version"]?.stringValue ?? "",
            kind: kind
        )
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
