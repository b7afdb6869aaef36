import PolicyAPI

/// Rule 1 for Server `port`: an integer 1-65535, or a container port name (IANA_SVC_NAME).
///
/// Stricter than Linkerd HEAD, which admits any string: the CRD says the port "must exist in a pod spec", and the
/// API server only admits IANA_SVC_NAME container port names. Mirrors linkerd2 `k8s/api/src/policy/server.rs`
/// `Port` (a `NonZeroU16` or a name).
enum ServerPortRule {
    /// Validates the `port` value; its JSON type is the schema's (int-or-string) concern.
    static func validate(_ value: JSONValue, at path: @autoclosure () -> FieldPath, into report: inout ValidationReport) {
        switch value {
        case .integer(let number) where !(1...65535).contains(number):
            report.add(.schema, at: path(), "port \(number) is out of range; must be 1-65535 or a container port name")
        case .string(let name) where !DNSName.isIANAServiceName(name):
            report.add(
                .portName, at: path(),
                "invalid port name \(Quote.value(name)); must be a number 1-65535 or a container port name (1-15 "
                    + "lowercase letters, digits and '-', at least one letter, no leading, trailing or doubled '-')"
            )
        default:
            return
        }
    }
}
