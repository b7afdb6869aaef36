import PolicyAPI

/// Validates Gateway API HTTPRoute, GRPCRoute, TLSRoute and TCPRoute (any version), leniently: a spec Linkerd cannot
/// decode is admitted with a warning saying why; a decodable one is denied only for the rules Linkerd enforces.
///
/// Mirrors linkerd2 admission.rs, the `Validate` impls for `gateway::httproutes`, `grpcroutes`, `tlsroutes` and
/// `tcproutes` (the `lenient` admission of Gateway API kinds); HTTPRoute match and filter checks are shared with
/// `PolicyHTTPRouteValidator`.
package struct GatewayRouteValidator: ObjectValidator {
    package init() {}

    package func validate(_ object: JSONValue, context: ValidationContext, into report: inout ValidationReport) {
        guard let route = GatewayRouteKind(rawValue: context.kind.kind) else {
            report.denyUnknownVersion(of: context.kind, by: "GatewayRouteValidator")
            return
        }
        let kind = route.rawValue
        let shape = route.spec
        guard let spec = object["spec"] else {
            report.warn("\(kind) has no spec Linkerd can read; admitted without Linkerd's checks")
            return
        }
        var decoding = ValidationReport()
        SchemaValidator.validate(spec, against: shape, at: FieldPath.spec, into: &decoding)
        if let reason = decoding.sortedViolations.first {
            // Only the "what is wrong" half: the list of allowed values would push the warning past kubectl's width.
            let wrong = reason.message.prefix { $0 != ";" }
            report.warn(
                "\(kind) spec is not in a shape Linkerd reads (\(reason.path): \(wrong)); "
                    + "admitted without Linkerd's checks"
            )
            return
        }

        RouteParentChecks.checkEgressNetworkPorts(in: spec, into: &report)
        let rules = spec["rules"]?.arrayValue ?? []
        let rulesPath = FieldPath.spec.field("rules")
        switch route {
        case .httpRoute:
            let isOutbound = RouteParentChecks.hasServiceOrEgressNetworkParent(spec)
            // The annotation, when set, replaces every rule's request timeout, which Linkerd then never reads.
            let readsRuleTimeouts =
                isOutbound && object["metadata"]?["annotations"]?["timeout.linkerd.io/request"] == nil
            if isOutbound {
                RouteAnnotationChecks.check(object, retryProtocol: .http, into: &report)
            }
            for (index, rule) in rules.enumerated() {
                self.checkHTTPRule(rule, at: rulesPath.index(index), into: &report)
                if readsRuleTimeouts { Self.warnAboutUnreadRequestTimeout(rule, at: rulesPath.index(index), into: &report) }
            }
        case .grpcRoute:
            if RouteParentChecks.hasServiceOrEgressNetworkParent(spec) {
                RouteAnnotationChecks.check(object, retryProtocol: .grpc, into: &report)
            }
            for (index, rule) in rules.enumerated() {
                self.checkGRPCRule(rule, at: rulesPath.index(index), into: &report)
            }
        case .tlsRoute, .tcpRoute:
            if rules.count != 1 {
                report.add(
                    .semantic,
                    at: rulesPath,
                    "has \(rules.count) rules; a \(kind) must have exactly one rule in Linkerd"
                )
            }
        }
    }

    /// Any version: Gateway API kinds are read leniently, in the shape Linkerd decodes every version into.
    package func coverage(of kind: GroupVersionKind) -> ValidatorCoverage? {
        GatewayRouteKind(rawValue: kind.kind).map { .schema($0.spec) }
    }

    /// HTTPRoute: matches, the header-modifier and redirect filters, and Service backends.
    private func checkHTTPRule(_ rule: JSONValue, at path: FieldPath, into report: inout ValidationReport) {
        for (index, match) in (rule["matches"]?.arrayValue ?? []).enumerated() {
            HTTPRouteMatchChecks.check(match, at: path.field("matches").index(index), into: &report)
        }
        for (index, filter) in (rule["filters"]?.arrayValue ?? []).enumerated() {
            HTTPRouteFilterChecks.check(filter, at: path.field("filters").index(index), into: &report)
        }
        BackendRefChecks.check(rule, at: path, into: &report)
    }

    /// Linkerd's outbound index reads a Gateway API rule's `timeouts.request` with the annotation grammar
    /// (`parse_duration`: one whole number and a unit ms, s, m, h or d) and silently drops a value it cannot read, so
    /// `1h30m` or `1s500ms`, which the Gateway API allows, leave the route with no request timeout (linkerd2
    /// `k8s/index/src/outbound/index/http.rs`, `convert_gateway_rule`). Admitted, as Linkerd admits it, with a warning.
    private static func warnAboutUnreadRequestTimeout(
        _ rule: JSONValue,
        at path: FieldPath,
        into report: inout ValidationReport
    ) {
        guard let text = rule["timeouts"]?["request"]?.stringValue, AnnotationDuration(text) == nil else { return }
        report.warn(
            "\(path.field("timeouts").field("request")) \(Quote.value(text)) is ignored by Linkerd, which reads "
                + "one number and unit here (such as 90m)"
        )
    }

    /// GRPCRoute: matches and Service backends.
    private func checkGRPCRule(_ rule: JSONValue, at path: FieldPath, into report: inout ValidationReport) {
        for (index, match) in (rule["matches"]?.arrayValue ?? []).enumerated() {
            GRPCRouteMatchChecks.check(match, at: path.field("matches").index(index), into: &report)
        }
        BackendRefChecks.check(rule, at: path, into: &report)
    }
}
