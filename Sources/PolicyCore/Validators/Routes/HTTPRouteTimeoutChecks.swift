import PolicyAPI

/// Checks a policy.linkerd.io HTTPRoute rule's `timeouts` (v1beta3).
///
/// Mirrors linkerd2 admission.rs, `validate_timeouts`: both are durations in Go's format (the CRD's
/// `format: duration`, read by `K8sDuration`), neither is negative, and `backendRequest` is not greater than
/// `request`.
enum HTTPRouteTimeoutChecks {
    /// Reports every problem of the timeouts object at `path`.
    static func check(_ timeouts: JSONValue, at path: FieldPath, into report: inout ValidationReport) {
        let request = Self.duration(timeouts, "request", at: path, into: &report)
        let backendRequest = Self.duration(timeouts, "backendRequest", at: path, into: &report)
        if let request, let backendRequest, backendRequest.nanoseconds > request.nanoseconds {
            report.add(
                .semantic,
                at: path.field("backendRequest"),
                "backendRequest timeout \(backendRequest) is greater than the request timeout \(request); "
                    + "must not exceed it"
            )
        }
    }

    /// The readable, non-negative duration in `member`, reporting it otherwise.
    private static func duration(
        _ timeouts: JSONValue,
        _ member: String,
        at path: FieldPath,
        into report: inout ValidationReport
    ) -> K8sDuration? {
        guard let text = timeouts[member]?.stringValue else { return nil }
        guard let duration = K8sDuration(text) else {
            report.add(
                .schema,
                at: path.field(member),
                "invalid duration \(Quote.value(text)); must be \(K8sDuration.allowed)"
            )
            return nil
        }
        if duration.isNegative && duration.nanoseconds > 0 {
            report.add(
                .semantic,
                at: path.field(member),
                "\(member) timeout \(Quote.value(text)) is negative; must be zero or more"
            )
            return nil
        }
        return duration
    }
}
