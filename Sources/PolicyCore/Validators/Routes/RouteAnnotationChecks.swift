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

    /// Made once: taking a dotted path apart on every review cost more than the checks.
    private static let annotationsPath = FieldPath("metadata").field("annotations")

    /// Reports every retry or timeout annotation of `object` that Linkerd cannot parse, and warns about a retry limit
    /// of 0, which Linkerd parses but does not read as "no retries".
    static func check(_ object: JSONValue, retryProtocol kind: RetryProtocol, into report: inout ValidationReport) {
        guard let annotations = object["metadata"]?["annotations"]?.objectValue else { return }
        let path = Self.annotationsPath
        var hasRetryConditions = false
        if let limit = annotations["retry.linkerd.io/limit"]?.stringValue, RetryAnnotationValues.limit(limit) == nil {
            report.add(
                .semantic,
                at: path.key("retry.linkerd.io/limit"),
                "invalid retry limit \(Quote.value(limit)); must be a whole number from 0 to 65535"
                    + Self.spacingHint(limit)
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
            if let conditions = annotations["retry.linkerd.io/http"]?.stringValue {
                hasRetryConditions = true
                if case .failure(let bad) = RetryAnnotationValues.httpConditions(conditions) {
                    report.add(
                        .semantic,
                        at: path.key("retry.linkerd.io/http"),
                        "invalid retry condition \(Quote.value(bad.text)); must be \(Self.allowedHTTPConditions)"
                            + Self.spacingHint(bad.text)
                    )
                }
            }
        case .grpc:
            if let conditions = annotations["retry.linkerd.io/grpc"]?.stringValue {
                hasRetryConditions = true
                if let bad = RetryAnnotationValues.badGRPCCondition(conditions) {
                    report.add(
                        .semantic,
                        at: path.key("retry.linkerd.io/grpc"),
                        "invalid retry condition \(Quote.value(bad.text)); must be a comma-separated list of "
                            + RetryAnnotationValues.grpcConditions.joined(separator: ", ") + Self.spacingHint(bad.text)
                    )
                }
            }
        }
        Self.warnAboutZeroLimit(annotations, hasRetryConditions: hasRetryConditions, into: &report)
    }

    /// Linkerd reads `retry.linkerd.io/limit: 0` as "no limit given", and a route with retry conditions or a
    /// non-zero retry timeout but no limit retries once (`parse_http_retry` / `parse_grpc_retry`:
    /// `.filter(|v| *v != 0)`, then `limit.unwrap_or(1)`). Someone writing 0 meant "never retry": admitted, with a
    /// warning saying what Linkerd will do instead.
    private static func warnAboutZeroLimit(
        _ annotations: JSONObject,
        hasRetryConditions: Bool,
        into report: inout ValidationReport
    ) {
        guard let limit = annotations["retry.linkerd.io/limit"]?.stringValue, RetryAnnotationValues.limit(limit) == 0
        else { return }
        let timeout = annotations["retry.linkerd.io/timeout"]?.stringValue.flatMap(AnnotationDuration.init)
        guard hasRetryConditions || (timeout?.milliseconds ?? 0) > 0 else { return }
        report.warn("retry.linkerd.io/limit 0 does not disable retries: Linkerd reads it as unset and retries once")
    }

    /// A hint for a value holding whitespace, which Linkerd does not trim in the limit and condition annotations.
    private static func spacingHint(_ text: String) -> String {
        text.unicodeScalars.contains(where: RustText.isWhitespace) ? " (Linkerd trims no whitespace here)" : ""
    }
}
