import PolicyAPI

/// Validates policy.linkerd.io HTTPRoute, every served version: the CRD schema of the request's version, then
/// Linkerd's rules for parents, retry and timeout annotations, matches, filters and timeouts.
///
/// Mirrors linkerd2 admission.rs, `Validate<HttpRouteSpec>`; unlike Rust it reports every violation, not the first.
package struct PolicyHTTPRouteValidator: ObjectValidator {
    package init() {}

    /// The redirect status codes the CRD's integer enum allows.
    static let redirectStatusCodes: [Int64] = [301, 302]

    package func validate(_ object: JSONValue, context: ValidationContext, into report: inout ValidationReport) {
        guard let version = PolicyHTTPRouteVersion(rawValue: context.kind.version) else {
            report.denyUnknownVersion(of: context.kind, by: "PolicyHTTPRouteValidator")
            return
        }
        SchemaValidator.validate(object, against: version.schema, at: .root, into: &report)
        guard let spec = object["spec"], spec.objectValue != nil else { return }

        RouteParentChecks.checkEgressNetworkPorts(in: spec, into: &report)
        if RouteParentChecks.hasServiceOrEgressNetworkParent(spec) {
            RouteAnnotationChecks.check(object, retryProtocol: .http, into: &report)
        }
        let rulesPath = FieldPath.spec.field("rules")
        for (index, rule) in (spec["rules"]?.arrayValue ?? []).enumerated() {
            self.checkRule(rule, at: rulesPath.index(index), version: version, into: &report)
        }
    }

    package func coverage(of kind: GroupVersionKind) -> ValidatorCoverage? {
        PolicyHTTPRouteVersion(rawValue: kind.version).map { .schema($0.schema) }
    }

    /// Matches, filters and (v1beta3) timeouts of one rule.
    private func checkRule(
        _ rule: JSONValue, at path: FieldPath, version: PolicyHTTPRouteVersion, into report: inout ValidationReport
    ) {
        for (index, match) in (rule["matches"]?.arrayValue ?? []).enumerated() {
            HTTPRouteMatchChecks.check(match, at: path.field("matches").index(index), into: &report)
        }
        for (index, filter) in (rule["filters"]?.arrayValue ?? []).enumerated() {
            self.checkFilter(filter, at: path.field("filters").index(index), into: &report)
        }
        if version.hasRuleTimeouts, let timeouts = rule["timeouts"], timeouts.objectValue != nil {
            HTTPRouteTimeoutChecks.check(timeouts, at: path.field("timeouts"), into: &report)
        }
    }

    /// A filter of a known type carries that type's member (Linkerd reads the filter as a tagged enum), a redirect's
    /// status code is 301 or 302, and the shared filter checks pass.
    private func checkFilter(_ filter: JSONValue, at path: FieldPath, into report: inout ValidationReport) {
        if let type = filter["type"]?.stringValue, PolicyHTTPRouteSchema.ruleFilterTypes.contains(type) {
            let member = type.prefix(1).lowercased() + type.dropFirst()
            if filter.presentMember(member) == nil {
                report.add(
                    .semantic,
                    at: path.field(member),
                    "is required when type is \(type); set it or change the type"
                )
            }
        }
        if let code = filter["requestRedirect"]?["statusCode"]?.integerValue, !Self.redirectStatusCodes.contains(code) {
            report.add(
                .schema,
                at: path.field("requestRedirect").field("statusCode"),
                "unsupported value \(code); must be one of 301, 302"
            )
        }
        HTTPRouteFilterChecks.check(filter, at: path, into: &report)
    }
}
