import PolicyAPI

/// Server (policy.linkerd.io v1alpha1, v1beta1, v1beta2, v1beta3): the CRD schema of the object's version, rule 1's
/// stricter selector and port checks, rule 2's selector choice and rule 3's enums.
///
/// Overlaps with other Servers (rule 4) are `ServerOverlapValidator`'s. Mirrors linkerd2 admission.rs,
/// `Validate<ServerSpec>` (accessPolicy parses as a DefaultPolicy) and `k8s/api/src/policy/server.rs` (ports,
/// proxy protocols).
package struct ServerValidator: ObjectValidator {
    package init() {}

    /// podSelector or externalWorkloadSelector (v1beta2 on), with its messages written once.
    static let selectorChoice = ExactlyOneOf.Pair("podSelector", or: "externalWorkloadSelector")

    // The paths a denial of the spec's members reports, made once rather than on each denial.
    static let podSelectorPath = FieldPath.spec.field("podSelector")
    static let externalWorkloadSelectorPath = FieldPath.spec.field("externalWorkloadSelector")
    static let portPath = FieldPath.spec.field("port")

    package func validate(_ object: JSONValue, context: ValidationContext, into report: inout ValidationReport) {
        // The object's own version when the CRD serves it, else the request's; a version neither names is denied.
        let named = ObjectVersion.of(object, context: context)
        guard let version = ServerVersion(rawValue: named) ?? ServerVersion(rawValue: context.kind.version) else {
            report.denyUnknownVersion(of: context.kind, by: "ServerValidator")
            return
        }
        SchemaValidator.validate(object, against: version.schema, at: .root, into: &report)
        guard let spec = object["spec"], spec.objectValue != nil else { return }

        let podSelector = spec.presentMember("podSelector")
        if version.hasExternalWorkloads {
            let externalWorkloadSelector = spec.presentMember("externalWorkloadSelector")
            Self.selectorChoice.check(
                firstIsSet: podSelector != nil, secondIsSet: externalWorkloadSelector != nil, at: FieldPath.spec,
                into: &report
            )
            if let externalWorkloadSelector {
                LabelSelectorRules.validate(externalWorkloadSelector, at: Self.externalWorkloadSelectorPath, into: &report)
            }
        }
        if let podSelector {
            LabelSelectorRules.validate(podSelector, at: Self.podSelectorPath, into: &report)
        }
        if let port = spec.presentMember("port") {
            ServerPortRule.validate(port, at: Self.portPath, into: &report)
        }
        Self.checkEnum(
            spec, field: "proxyProtocol",
            isValid: { ProxyProtocol(rawValue: $0) != nil }, allowed: ProxyProtocol.allowedList, into: &report
        )
        Self.checkEnum(
            spec, field: "accessPolicy",
            isValid: { DefaultPolicy(rawValue: $0) != nil }, allowed: DefaultPolicy.allowedList, into: &report
        )
    }

    package func coverage(of kind: GroupVersionKind) -> ValidatorCoverage? {
        ServerVersion(rawValue: kind.version).map { .schema($0.schema) }
    }

    /// Rule 3: a string field whose value Linkerd parses as an enum (the type itself is the schema's concern).
    private static func checkEnum(
        _ spec: JSONValue, field: String, isValid: (String) -> Bool, allowed: String,
        into report: inout ValidationReport
    ) {
        guard let string = spec[field]?.stringValue, !isValid(string) else { return }
        report.add(.semantic, at: FieldPath.spec.field(field), "unsupported value \(Quote.value(string)); must be one of \(allowed) (case-sensitive)")
    }
}
