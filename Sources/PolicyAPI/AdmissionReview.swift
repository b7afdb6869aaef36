/// The admission.k8s.io versions the webhook speaks; the answer uses the request's.
package enum AdmissionVersion: String, Sendable, Hashable, CaseIterable {
    case v1 = "admission.k8s.io/v1"
    case v1beta1 = "admission.k8s.io/v1beta1"
}

/// The operation an AdmissionRequest asks about.
package enum AdmissionOperation: Sendable, Hashable {
    case create
    case update
    case delete
    case connect
    /// Anything else the API server may send one day: treated like CONNECT (not validated).
    case other(String)

    package init(_ string: String) {
        switch string {
        case "CREATE": self = .create
        case "UPDATE": self = .update
        case "DELETE": self = .delete
        case "CONNECT": self = .connect
        default: self = .other(string)
        }
    }

    /// The wire spelling, also the metrics label.
    package var name: String {
        switch self {
        case .create: return "CREATE"
        case .update: return "UPDATE"
        case .delete: return "DELETE"
        case .connect: return "CONNECT"
        case .other(let string): return string
        }
    }
}

/// The part of `AdmissionReview.request` the webhook reads.
package struct AdmissionRequest: Sendable, Hashable {
    package var uid: String
    /// The kind the object was converted to for this webhook (`matchPolicy: Equivalent`).
    package var kind: GroupVersionKind
    package var name: String
    package var namespace: String
    package var operation: AdmissionOperation
    /// The object being admitted; nil on DELETE (or when the API server sent null).
    package var object: JSONValue?
    /// The previous object on UPDATE and DELETE.
    package var oldObject: JSONValue?
    package var isDryRun: Bool

    package init(
        uid: String,
        kind: GroupVersionKind,
        name: String = "",
        namespace: String = "",
        operation: AdmissionOperation,
        object: JSONValue? = nil,
        oldObject: JSONValue? = nil,
        isDryRun: Bool = false
    ) {
        self.uid = uid
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.operation = operation
        self.object = object
        self.oldObject = oldObject
        self.isDryRun = isDryRun
    }
}

/// A decoded AdmissionReview: its version (to answer in kind) and its request.
package struct AdmissionReview: Sendable, Hashable {
    package var version: AdmissionVersion
    package var request: AdmissionRequest

    package init(version: AdmissionVersion, request: AdmissionRequest) {
        self.version = version
        self.request = request
    }
}

/// The webhook's answer to one AdmissionRequest.
package struct AdmissionResponse: Sendable, Hashable {
    package var uid: String
    package var isAllowed: Bool
    /// HTTP-like code for `status.code` (403 for a policy denial, 500 when the webhook cannot decide).
    package var statusCode: Int?
    /// `status.message`: every violation, for a denial.
    package var message: String?
    /// `response.warnings`: kubectl prints each as `Warning: <text>`.
    package var warnings: [String]

    package init(uid: String, isAllowed: Bool, statusCode: Int? = nil, message: String? = nil, warnings: [String] = []) {
        self.uid = uid
        self.isAllowed = isAllowed
        self.statusCode = statusCode
        self.message = message
        self.warnings = warnings
    }
}
