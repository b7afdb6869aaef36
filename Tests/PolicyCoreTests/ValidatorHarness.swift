import KubeCache
import PolicyAPI
import PolicyCore

/// Runs one validator on an object written as JSON text, as the admission controller would, and returns what it
/// found; the tests then assert exact messages.
struct ValidatorHarness {
    var validator: any ObjectValidator
    var kind: GroupVersionKind
    var namespace = "shop"
    var snapshot = ClusterSnapshot.empty

    /// A harness for `validator` judging `group/version` `kind` objects.
    init(_ validator: any ObjectValidator, group: String = "policy.linkerd.io", version: String, kind: String) {
        self.validator = validator
        self.kind = GroupVersionKind(group: group, version: version, kind: kind)
    }

    /// The report for an object whose `spec` is `specJSON`.
    func report(spec specJSON: String) throws -> ValidationReport {
        try self.report(
            object: #"{"apiVersion":"\#(self.kind.apiVersion)","kind":"\#(self.kind.kind)","metadata":{"name":"test","namespace":"\#(self.namespace)"},"spec":\#(specJSON)}"#
        )
    }

    /// The report for a whole object written as JSON.
    func report(object json: String) throws -> ValidationReport {
        let object = try JSONDecoding.decode(Array(json.utf8))
        let context = ValidationContext(
            kind: self.kind, namespace: self.namespace, name: "test", operation: .create, snapshot: self.snapshot
        )
        var report = ValidationReport()
        self.validator.validate(object, context: context, into: &report)
        return report
    }

    /// Every violation of an object with `spec`, as `<path>: <message>`.
    func violations(spec: String) throws -> [String] {
        try self.report(spec: spec).violations.map(\.description)
    }
}
