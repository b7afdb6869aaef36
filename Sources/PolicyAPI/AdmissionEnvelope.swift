/// An AdmissionReview's members as read from its bytes, before they are checked.
///
/// The envelope is read straight into these fields: of the whole review, only the objects under review become
/// `JSONValue`s, built as their kind's plan says. Everything else (userInfo, options, the resource names) is
/// checked for syntax only. A repeated member keeps its last value, as when a tree is built.
///
/// Not generic over the plans: the metadata of a generic struct read through closures is looked up at run time,
/// many times per review.
struct AdmissionEnvelope {
    /// What to build of `object` and `oldObject`, by the request's kind.
    private let plans: any ObjectReadPlans
    /// The body read, for objects read before the request's kind; empty for a review given as a tree. Only valid
    /// during `review(of:plans:)`, which makes and drops the envelope.
    private let body: UnsafeBufferPointer<UInt8>
    /// The root's JSON type, when it is not an object.
    private var rootType: String?
    /// The root's `kind`; nil when missing or not a string.
    private var kind: String?
    /// The root's `apiVersion`; nil when missing or not a string.
    private var apiVersion: String?
    /// The last `request` member; nil when there is none or it is not an object.
    private var request: Request?
    /// The plan last looked up: `object` and `oldObject` are of the same kind.
    private var lastPlan: (kind: GroupVersionKind, plan: JSONReadPlan)?

    /// The members of `request` that are read; the others are checked only.
    private struct Request {
        var uid: String?
        /// nil when missing or not an object with a string `kind`.
        var kind: GroupVersionKind?
        var name: String?
        var namespace: String?
        var operation: String?
        var isDryRun: Bool?
        var object = ReviewedObject.absent
        var oldObject = ReviewedObject.absent
    }

    /// `object` or `oldObject` as read.
    private enum ReviewedObject {
        /// Missing, or null.
        case absent
        /// Only checked, at these bytes of the body: the request's kind came after it.
        case unread(Range<Int>)
        /// Built by the plan of the kind the request had when it was read, from these bytes of the body.
        case built(JSONValue, kind: GroupVersionKind, range: Range<Int>)
        /// Built whole (a review given as a tree).
        case whole(JSONValue)
    }

    /// Reads and checks a review body: the request, with its objects built as their kind's plan says.
    ///
    /// - Throws: `AdmissionReviewError` when the bytes are not JSON (syntax is checked first, whole) or not a
    ///   well-formed AdmissionReview.
    static func review(of buffer: UnsafeBufferPointer<UInt8>, plans: any ObjectReadPlans) throws(AdmissionReviewError) -> AdmissionReview {
        var envelope = AdmissionEnvelope(plans: plans, body: buffer)
        do {
            try JSONParser.read(buffer) { parser throws(JSONSyntaxError) in
                let isObject = try parser.readMembers { parser, key throws(JSONSyntaxError) in
                    try envelope.read(rootMember: key, from: &parser)
                }
                // Only named in the error: a large array or string is not built for it.
                if !isObject { envelope.rootType = try parser.readTypeName() }
            }
        } catch {
            throw Self.syntaxError(error)
        }
        return try envelope.review()
    }

    /// Checks a review already decoded as a tree (objects whole): the reference the read of the bytes is checked
    /// against (differential tests).
    static func review(of document: JSONValue) throws(AdmissionReviewError) -> AdmissionReview {
        var envelope = AdmissionEnvelope(document: document)
        return try envelope.review()
    }

    private static func syntaxError(_ error: JSONSyntaxError) -> AdmissionReviewError {
        AdmissionReviewError(reason: "\(error.reason); expected an AdmissionReview JSON object")
    }

    private init(plans: any ObjectReadPlans, body: UnsafeBufferPointer<UInt8>) {
        self.plans = plans
        self.body = body
    }

    /// The members of a review already decoded as a tree, objects whole.
    private init(document: JSONValue) {
        self.init(plans: WholeObjects(), body: UnsafeBufferPointer(start: nil, count: 0))
        guard case .object = document else {
            self.rootType = document.typeName
            return
        }
        self.kind = document["kind"]?.stringValue
        self.apiVersion = document["apiVersion"]?.stringValue
        guard let request = document["request"], case .object = request else { return }
        self.request = Request(
            uid: request["uid"]?.stringValue,
            kind: request["kind"].flatMap(Self.groupVersionKind),
            name: request["name"]?.stringValue,
            namespace: request["namespace"]?.stringValue,
            operation: request["operation"]?.stringValue,
            isDryRun: request["dryRun"]?.boolValue,
            object: request.presentMember("object").map(ReviewedObject.whole) ?? .absent,
            oldObject: request.presentMember("oldObject").map(ReviewedObject.whole) ?? .absent
        )
    }

    /// `{group, version, kind}` of a tree; nil without a string `kind`.
    private static func groupVersionKind(_ value: JSONValue) -> GroupVersionKind? {
        guard let kind = value["kind"]?.stringValue else { return nil }
        return GroupVersionKind(group: value["group"]?.stringValue ?? "", version: value["version"]?.stringValue ?? "", kind: kind)
    }

    /// Reads one member of the root into its field, or checks it only.
    private mutating func read(rootMember key: UnsafeBufferPointer<UInt8>, from parser: inout JSONParser) throws(JSONSyntaxError) {
        if key.isEqual(toASCII: "kind") {
            self.kind = try parser.readString()
        } else if key.isEqual(toASCII: "apiVersion") {
            self.apiVersion = try parser.readString()
        } else if key.isEqual(toASCII: "request") {
            var request = Request()
            let isObject = try parser.readMembers { parser, key throws(JSONSyntaxError) in
                try self.read(requestMember: key, into: &request, from: &parser)
            }
            if !isObject { try parser.skipValue() }
            self.request = isObject ? request : nil
        } else {
            try parser.skipValue()
        }
    }

    /// Reads one member of `request` into its field, or checks it only.
    private mutating func read(
        requestMember key: UnsafeBufferPointer<UInt8>, into request: inout Request, from parser: inout JSONParser
    ) throws(JSONSyntaxError) {
        if key.isEqual(toASCII: "uid") {
            request.uid = try parser.readString()
        } else if key.isEqual(toASCII: "kind") {
            request.kind = try Self.readGroupVersionKind(from: &parser)
        } else if key.isEqual(toASCII: "name") {
            request.name = try parser.readString()
        } else if key.isEqual(toASCII: "namespace") {
            request.namespace = try parser.readString()
        } else if key.isEqual(toASCII: "operation") {
            request.operation = try parser.readString()
        } else if key.isEqual(toASCII: "object") {
            request.object = try self.readObject(from: &parser, kind: request.kind)
        } else if key.isEqual(toASCII: "oldObject") {
            request.oldObject = try self.readObject(from: &parser, kind: request.kind)
        } else if key.isEqual(toASCII: "dryRun") {
            request.isDryRun = try parser.readBool()
        } else {
            try parser.skipValue()
        }
    }

    /// `{group, version, kind}`; nil when not an object or without a string `kind`.
    private static func readGroupVersionKind(from parser: inout JSONParser) throws(JSONSyntaxError) -> GroupVersionKind? {
        var group: String?
        var version: String?
        var kind: String?
        let isObject = try parser.readMembers { parser, key throws(JSONSyntaxError) in
            if key.isEqual(toASCII: "kind") {
                kind = try parser.readString()
            } else if key.isEqual(toASCII: "group") {
                group = try parser.readString()
            } else if key.isEqual(toASCII: "version") {
                version = try parser.readString()
            } else {
                try parser.skipValue()
            }
        }
        guard isObject else {
            try parser.skipValue()
            return nil
        }
        return kind.map { GroupVersionKind(group: group ?? "", version: version ?? "", kind: $0) }
    }

    /// Reads an object under review: built by its kind's plan when the request's kind is known already, else
    /// only checked (and built once the kind is known).
    private mutating func readObject(from parser: inout JSONParser, kind: GroupVersionKind?) throws(JSONSyntaxError) -> ReviewedObject {
        let start = parser.position
        if try parser.readNull() { return .absent }
        guard let kind else {
            try parser.skipValue()
            return .unread(start..<parser.position)
        }
        let value = try parser.parseValue(plan: self.plan(for: kind))
        // A skipped object (a kind the webhook does not validate) is present, with nothing built.
        return .built(value ?? .object(JSONObject()), kind: kind, range: start..<parser.position)
    }

    /// `kind`'s read plan, looked up once for both objects.
    private mutating func plan(for kind: GroupVersionKind) -> JSONReadPlan {
        if let last = self.lastPlan, last.kind == kind { return last.plan }
        let plan = self.plans.readPlan(for: kind)
        self.lastPlan = (kind, plan)
        return plan
    }

    /// Checks the fields in the order a reader of the review would, and makes the review.
    private mutating func review() throws(AdmissionReviewError) -> AdmissionReview {
        if let rootType = self.rootType {
            throw AdmissionReviewError(reason: "the body is a JSON \(rootType); expected an AdmissionReview object")
        }
        guard self.kind == "AdmissionReview" else { throw AdmissionReviewError(reason: "kind: must be \"AdmissionReview\"") }
        guard let version = self.apiVersion.flatMap(AdmissionVersion.init(rawValue:)) else {
            throw AdmissionReviewError(reason: "apiVersion: must be admission.k8s.io/v1 or admission.k8s.io/v1beta1")
        }
        guard let request = self.request else { throw AdmissionReviewError(reason: "request: missing or not an object") }
        guard let uid = request.uid, !uid.isEmpty else {
            throw AdmissionReviewError(reason: "request.uid: missing or not a non-empty string")
        }
        guard let kind = request.kind else {
            throw AdmissionReviewError(reason: "request.kind: missing or not a {group, version, kind} object")
        }
        guard let operation = request.operation else {
            throw AdmissionReviewError(reason: "request.operation: missing or not a string")
        }
        return AdmissionReview(
            version: version,
            request: AdmissionRequest(
                uid: uid,
                kind: kind,
                name: request.name ?? "",
                namespace: request.namespace ?? "",
                operation: AdmissionOperation(operation),
                object: try self.value(of: request.object, as: kind),
                oldObject: try self.value(of: request.oldObject, as: kind),
                isDryRun: request.isDryRun ?? false
            )
        )
    }

    /// The object as `kind`'s plan builds it: as read, unless it came before the request's kind (or before a
    /// repeated, different one); nil when absent or null.
    private mutating func value(of object: ReviewedObject, as kind: GroupVersionKind) throws(AdmissionReviewError) -> JSONValue? {
        let range: Range<Int>
        switch object {
        case .absent: return nil
        case .whole(let value): return value
        case .built(let value, let builtAs, _) where builtAs == kind: return value
        case .built(_, _, let bytes), .unread(let bytes): range = bytes
        }
        do {
            let value = try JSONParser.parse(UnsafeBufferPointer(rebasing: self.body[range]), plan: self.plan(for: kind))
            return value ?? .object(JSONObject())
        } catch {
            // Cannot happen: these bytes passed the same checks when the body was read. (Were it to, its byte
            // offset would count from the object's start.)
            throw Self.syntaxError(error)
        }
    }
}
