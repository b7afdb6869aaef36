import PolicyAPI

/// Checks the HTTPRoute filters Linkerd implements: request and response header modifiers and request redirects
/// (policy.linkerd.io and gateway.networking.k8s.io share this one implementation).
///
/// Mirrors linkerd2 `policy-controller/k8s/index/src/routes/http.rs` (`request_header_modifier`,
/// `response_header_modifier`, `req_redirect`, `path_modifier`). Other filter members are not read.
enum HTTPRouteFilterChecks {
    /// Reports every problem of the filter at `path`.
    static func check(_ filter: JSONValue, at path: FieldPath, into report: inout ValidationReport) {
        for member in ["requestHeaderModifier", "responseHeaderModifier"] {
            if let modifier = filter[member], modifier.objectValue != nil {
                Self.checkHeaderModifier(modifier, at: path.field(member), into: &report)
            }
        }
        if let redirect = filter["requestRedirect"], redirect.objectValue != nil {
            Self.checkRedirect(redirect, at: path.field("requestRedirect"), into: &report)
        }
    }

    /// `set` and `add` entries carry valid names and values, `remove` entries valid names.
    static func checkHeaderModifier(_ modifier: JSONValue, at path: FieldPath, into report: inout ValidationReport) {
        for list in ["set", "add"] {
            for (index, header) in (modifier[list]?.arrayValue ?? []).enumerated() {
                let headerPath = path.field(list).index(index)
                HTTPRouteMatchChecks.checkHeaderName(header["name"], at: headerPath.field("name"), into: &report)
                HTTPRouteMatchChecks.checkHeaderValue(header["value"], at: headerPath.field("value"), into: &report)
            }
        }
        for (index, name) in (modifier["remove"]?.arrayValue ?? []).enumerated() {
            HTTPRouteMatchChecks.checkHeaderName(name, at: path.field("remove").index(index), into: &report)
        }
    }

    /// A redirect `path` carries `replaceFullPath` or `replacePrefixMatch`, and the one Linkerd reads is absolute.
    static func checkRedirect(_ redirect: JSONValue, at path: FieldPath, into report: inout ValidationReport) {
        guard let modifier = redirect["path"], modifier.objectValue != nil else { return }
        let modifierPath = path.field("path")
        for member in ["replaceFullPath", "replacePrefixMatch"] {
            guard let replacement = modifier.presentMember(member) else { continue }
            if let value = replacement.stringValue, !value.hasPrefix("/") {
                report.add(
                    .semantic,
                    at: modifierPath.field(member),
                    "redirect path \(Quote.value(value)) is not absolute; must start with \"/\""
                )
            }
            return
        }
        report.add(
            .semantic,
            at: modifierPath,
            "has neither replaceFullPath nor replacePrefixMatch; a redirect path must set one of them"
        )
    }
}
