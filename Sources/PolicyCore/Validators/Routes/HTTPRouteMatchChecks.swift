import PolicyAPI

/// Checks HTTPRoute `matches` (policy.linkerd.io and gateway.networking.k8s.io share this one implementation).
///
/// Mirrors linkerd2 `policy-controller/k8s/index/src/routes/http.rs` (`try_match`, `path_match`, `header_match`,
/// `query_param_match`): Exact and PathPrefix paths are absolute, regular expressions compile, header names and
/// exact header values are valid HTTP. Values of the wrong JSON type are left to the schema check.
enum HTTPRouteMatchChecks {
    /// Reports every problem of the match at `path`.
    static func check(_ match: JSONValue, at path: FieldPath, into report: inout ValidationReport) {
        if let pathMatch = match["path"], pathMatch.objectValue != nil {
            Self.checkPath(pathMatch, at: path.field("path"), into: &report)
        }
        for (index, header) in (match["headers"]?.arrayValue ?? []).enumerated() {
            Self.checkHeader(header, at: path.field("headers").index(index), into: &report)
        }
        for (index, parameter) in (match["queryParams"]?.arrayValue ?? []).enumerated()
        where parameter["type"]?.stringValue == "RegularExpression" {
            let valuePath = path.field("queryParams").index(index).field("value")
            Self.checkRegex(parameter["value"], at: valuePath, into: &report)
        }
    }

    /// A path match: absolute for Exact and PathPrefix (the default type), compiling for RegularExpression.
    static func checkPath(_ pathMatch: JSONValue, at path: FieldPath, into report: inout ValidationReport) {
        let type = pathMatch["type"]?.stringValue ?? "PathPrefix"
        let valuePath = path.field("value")
        switch type {
        case "Exact", "PathPrefix":
            guard let value = pathMatch["value"]?.stringValue ?? (pathMatch["value"] == nil ? "/" : nil) else { return }
            if !value.hasPrefix("/") {
                report.add(
                    .semantic,
                    at: valuePath,
                    "\(type) path \(Quote.value(value)) is not absolute; must start with \"/\""
                )
            }
        case "RegularExpression":
            Self.checkRegex(pathMatch["value"], at: valuePath, into: &report)
        default:
            return
        }
    }

    /// A header match (HTTPRoute and GRPCRoute): a valid name, and an exact value that is a valid header value or a
    /// regular expression that compiles.
    static func checkHeader(_ header: JSONValue, at path: FieldPath, into report: inout ValidationReport) {
        Self.checkHeaderName(header["name"], at: path.field("name"), into: &report)
        if header["type"]?.stringValue == "RegularExpression" {
            Self.checkRegex(header["value"], at: path.field("value"), into: &report)
        } else {
            Self.checkHeaderValue(header["value"], at: path.field("value"), into: &report)
        }
    }

    /// A header name, unless the schema already found fault at `path`.
    static func checkHeaderName(_ name: JSONValue?, at path: FieldPath, into report: inout ValidationReport) {
        guard let name = name?.stringValue, !report.hasViolation(under: path) else { return }
        if !HTTPHeaderSyntax.isValidName(name) {
            report.add(
                .semantic,
                at: path,
                "invalid header name \(Quote.value(name)); must be \(HTTPHeaderSyntax.allowedName)"
            )
        }
    }

    /// A header value, unless the schema already found fault at `path`.
    static func checkHeaderValue(_ value: JSONValue?, at path: FieldPath, into report: inout ValidationReport) {
        guard let value = value?.stringValue, !report.hasViolation(under: path) else { return }
        if !HTTPHeaderSyntax.isValidValue(value) {
            report.add(
                .semantic,
                at: path,
                "invalid header value \(Quote.value(value)); must be \(HTTPHeaderSyntax.allowedValue)"
            )
        }
    }

    /// A regular expression, compiled only here, unless the schema already found fault at `path`.
    static func checkRegex(_ value: JSONValue?, at path: FieldPath, into report: inout ValidationReport) {
        guard let pattern = value?.stringValue, !report.hasViolation(under: path) else { return }
        if let problem = RegexSyntax.problem(in: pattern) {
            report.add(
                .semantic,
                at: path,
                "invalid regular expression \(Quote.value(pattern)) (\(problem)); must be \(RegexSyntax.allowed)"
            )
        }
    }
}
