import PolicyAPI

/// Rule 1 for label selectors (Server `podSelector` and `externalWorkloadSelector`, ServerAuthorization
/// `server.selector`): exactly one of matchLabels / matchExpressions, well-formed requirements, label syntax.
///
/// Stricter than Linkerd HEAD, which admits `{}`; `matchLabels: {}` is the way to select everything. Requirements
/// follow Kubernetes `LabelSelectorRequirement` validation (apimachinery `ValidateLabelSelectorRequirement`).
package enum LabelSelectorRules {
    /// The four requirement operators, case-sensitive.
    package static let operators = ["In", "NotIn", "Exists", "DoesNotExist"]

    /// matchLabels or matchExpressions, with its messages written once (both set is a common mistake).
    static let matchChoice = ExactlyOneOf.Pair("matchLabels", or: "matchExpressions")

    /// Validates the selector `value` found at `path` (built only if a violation is reported).
    package static func validate(_ value: JSONValue, at path: @autoclosure () -> FieldPath, into report: inout ValidationReport) {
        guard value.objectValue != nil else {
            report.add(.schema, at: path(), "must be an object, found \(value.typeName); a label selector has matchLabels or matchExpressions")
            return
        }
        let matchLabels = value.presentMember("matchLabels")
        let matchExpressions = value.presentMember("matchExpressions")
        Self.matchChoice.check(
            firstIsSet: matchLabels != nil, secondIsSet: matchExpressions != nil, at: path(), into: &report
        )
        if let matchLabels {
            Self.validateMatchLabels(matchLabels, at: path().field("matchLabels"), into: &report)
        }
        if let matchExpressions {
            Self.validateMatchExpressions(matchExpressions, at: path().field("matchExpressions"), into: &report)
        }
    }

    // The helpers below take their path as an autoclosure: it is built only when a violation is reported, so a
    // valid selector costs no path allocation.

    /// Every key and value of `matchLabels`; values must be strings (Linkerd reads a string map).
    private static func validateMatchLabels(_ value: JSONValue, at path: @autoclosure () -> FieldPath, into report: inout ValidationReport) {
        guard let labels = value.objectValue else {
            report.add(.schema, at: path(), "must be an object, found \(value.typeName); matchLabels maps label keys to values")
            return
        }
        for (key, labelValue) in labels {
            if !LabelSyntax.isValidKey(key) {
                report.add(.labelSyntax, at: path().key(key), "invalid label key \(Quote.value(key)); \(LabelSyntax.keyRule)")
            }
            guard let string = labelValue.stringValue else {
                report.add(
                    .labelSyntax, at: path().key(key),
                    "matchLabels value must be a string, found \(labelValue.typeName); quote numbers and booleans"
                )
                continue
            }
            if !LabelSyntax.isValidValue(string) {
                report.add(.labelSyntax, at: path().key(key), "invalid label value \(Quote.value(string)); \(LabelSyntax.valueRule)")
            }
        }
    }

    /// Every requirement of `matchExpressions`.
    private static func validateMatchExpressions(_ value: JSONValue, at path: @autoclosure () -> FieldPath, into report: inout ValidationReport) {
        guard let requirements = value.arrayValue else {
            report.add(.schema, at: path(), "must be a list, found \(value.typeName); matchExpressions lists requirements")
            return
        }
        for (index, requirement) in requirements.enumerated() {
            Self.validateRequirement(requirement, at: path().index(index), into: &report)
        }
    }

    /// One requirement: a valid key, a known operator, and values as the operator needs them.
    private static func validateRequirement(_ value: JSONValue, at path: @autoclosure () -> FieldPath, into report: inout ValidationReport) {
        guard value.objectValue != nil else {
            report.add(.schema, at: path(), "must be an object, found \(value.typeName); a requirement has key, operator and values")
            return
        }
        switch value.presentMember("key") {
        case nil:
            report.add(.schema, at: path().field("key"), "is required; a requirement names a label key")
        case .string(let key):
            if !LabelSyntax.isValidKey(key) {
                report.add(.labelSyntax, at: path().field("key"), "invalid label key \(Quote.value(key)); \(LabelSyntax.keyRule)")
            }
        case let other?:
            report.add(.schema, at: path().field("key"), "must be a string, found \(other.typeName)")
        }
        let values = value.presentMember("values")
        if let values {
            Self.validateValues(values, at: path().field("values"), into: &report)
        }
        switch value.presentMember("operator") {
        case nil:
            report.add(.schema, at: path().field("operator"), "is required; must be one of \(Self.operators.joined(separator: ", "))")
        case .string(let name) where name == "In" || name == "NotIn":
            if values == nil || values?.arrayValue?.isEmpty == true {
                report.add(.labelSyntax, at: path().field("values"), "operator \(name) needs a non-empty values list; list the label values to match")
            }
        case .string(let name) where name == "Exists" || name == "DoesNotExist":
            if values != nil {
                report.add(.labelSyntax, at: path().field("values"), "must not be set for operator \(name); Exists and DoesNotExist take no values")
            }
        case .string(let name):
            report.add(.schema, at: path().field("operator"), "unsupported operator \(Quote.value(name)); must be one of \(Self.operators.joined(separator: ", "))")
        case let other?:
            report.add(.schema, at: path().field("operator"), "must be a string, found \(other.typeName)")
        }
    }

    /// The `values` list: strings of valid label value syntax.
    private static func validateValues(_ value: JSONValue, at path: @autoclosure () -> FieldPath, into report: inout ValidationReport) {
        guard let values = value.arrayValue else {
            report.add(.schema, at: path(), "must be a list, found \(value.typeName)")
            return
        }
        for (index, element) in values.enumerated() {
            guard let string = element.stringValue else {
                report.add(.labelSyntax, at: path().index(index), "must be a string, found \(element.typeName); quote numbers and booleans")
                continue
            }
            if !LabelSyntax.isValidValue(string) {
                report.add(.labelSyntax, at: path().index(index), "invalid label value \(Quote.value(string)); \(LabelSyntax.valueRule)")
            }
        }
    }
}
