import PolicyAPI

/// Checks Linkerd's retry and timeout annotations on a route (`retry.linkerd.io/limit`, `retry.linkerd.io/timeout`,
/// `retry.linkerd.io/http` or `retry.linkerd.io/grpc`, `timeout.linkerd.io/request|response|idle`).
///
/// Mirrors linkerd2 `policy-controller/k8s/index/src/outbound/index.rs` (`parse_timeouts`, `parse_duration`) and
/// `outbound/index/http.rs` / `grpc.rs` (`parse_http_retry`, `parse_grpc_retry`). Callers run it only when a parent
/// is a Service or EgressNetwork: with other parents Linkerd never reads these annotations.
enum RouteAnnotationChecks {
    /// Which retry-condition annotation a route kind carries.
    enum RetryProtocol {
        case http
        case grpc
    }

    /// The annotations holding durations.
    static let durationKeys = [
        "retry.linkerd.io/timeout", "timeout.linkerd.io/request", "timeout.linkerd.io/response",
        "timeout.linkerd.io/idle",
    ]

    /// What `retry.linkerd.io/http` may hold, for messages.
    static let allowedHTTPConditions =
        "a comma-separated list of 5xx, gateway-error, a status code 100-599 or a range such as 500-504"

    /// gRPC status names `retry.linkerd.io/grpc` accepts.
    static let grpcConditions = ["cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable"]

    /// Made once: taking a dotted path apart on every review cost more than the checks.
    private static let annotationsPath = FieldPath("metadata").field("annotations")

    /// Reports every unreadable retry or timeout annotation of `object`.
    static func check(_ object: JSONValue, retryProtocol kind: RetryProtocol, into report: inout ValidationReport) {
        guard let annotations = object["metadata"]?["annotations"]?.objectValue else { return }
        let path = Self.annotationsPath
        if let limit = annotations["retry.linkerd.io/limit"]?.stringValue, !Self.isRetryLimit(limit) {
            report.add(
                .semantic,
                at: path.key("retry.linkerd.io/limit"),
                "invalid retry limit \(Quote.value(limit)); must be a whole number from 0 to 65535"
            )
        }
        for key in Self.durationKeys {
            if let value = annotations[key]?.stringValue, AnnotationDuration(value) == nil {
                report.add(
                    .semantic,
                    at: path.key(key),
                    "invalid duration \(Quote.value(value)); must be \(AnnotationDuration.allowed)"
                )
            }
        }
        switch kind {
        case .http:
            if let conditions = annotations["retry.linkerd.io/http"]?.stringValue,
                let bad = Self.badHTTPCondition(in: conditions)
            {
                report.add(
                    .semantic,
                    at: path.key("retry.linkerd.io/http"),
                    "invalid retry condition \(Quote.value(bad)); must be \(Self.allowedHTTPConditions)"
                )
            }
        case .grpc:
            if let conditions = annotations["retry.linkerd.io/grpc"]?.stringValue,
                let bad = Self.badGRPCCondition(in: conditions)
            {
                report.add(
                    .semantic,
                    at: path.key("retry.linkerd.io/grpc"),
                    "invalid retry condition \(Quote.value(bad)); must be a comma-separated list of "
                        + Self.grpcConditions.joined(separator: ", ")
                )
            }
        }
    }

    /// True for a decimal integer 0-65535 (Rust `u16`).
    static func isRetryLimit(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 5 && text.utf8.allSatisfy { (0x30...0x39).contains($0) }
            && (UInt32(text) ?? .max) <= UInt32(UInt16.max)
    }

    /// The first condition of a `retry.linkerd.io/http` list that Linkerd would refuse, or nil.
    static func badHTTPCondition(in list: String) -> String? {
        for item in list.split(separator: ",", omittingEmptySubsequences: false) {
            let condition = Self.trimmed(item)
            switch condition.lowercased() {
            case "5xx", "gateway-error": continue
            default: break
            }
            let bounds = condition.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
            if bounds.count == 2, let low = Self.statusCode(Self.trimmed(bounds[0])),
                let high = Self.statusCode(Self.trimmed(bounds[1])), low <= high
            {
                continue
            }
            if bounds.count == 1, Self.statusCode(condition) != nil { continue }
            return condition
        }
        return nil
    }

    /// The first condition of a `retry.linkerd.io/grpc` list that Linkerd would refuse, or nil.
    static func badGRPCCondition(in list: String) -> String? {
        for item in list.split(separator: ",", omittingEmptySubsequences: false) {
            let condition = Self.trimmed(item)
            if !Self.grpcConditions.contains(condition.lowercased()) { return condition }
        }
        return nil
    }

    /// A status code 100-599 written in decimal, or nil.
    private static func statusCode(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 3, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            let code = Int(text), (100...599).contains(code)
        else { return nil }
        return code
    }

    /// `text` without surrounding spaces.
    private static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }

    /// `text` without surrounding spaces.
    private static func trimmed(_ text: String) -> String { Self.trimmed(Substring(text)) }
}
