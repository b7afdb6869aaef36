import PolicyAPI

/// Checks Gateway API GRPCRoute `matches`.
///
/// Mirrors linkerd2 `policy-controller/k8s/index/src/routes/grpc.rs` (`try_match`, `header_match`): Linkerd has no
/// regular-expression method matches, and header matches follow the HTTP rules.
enum GRPCRouteMatchChecks {
    /// Reports every problem of the match at `path`.
    static func check(_ match: JSONValue, at path: FieldPath, into report: inout ValidationReport) {
        if match["method"]?["type"]?.stringValue == "RegularExpression" {
            report.add(
                .semantic,
                at: path.field("method").field("type"),
                "RegularExpression method matches are not supported by Linkerd; must be Exact"
            )
        }
        for (index, header) in (match["headers"]?.arrayValue ?? []).enumerated() {
            HTTPRouteMatchChecks.checkHeader(header, at: path.field("headers").index(index), into: &report)
        }
    }
}
