import PolicyCore
import Testing

/// Rule 5: the `config.linkerd.io/default-inbound-policy` annotation, per kind.
@Suite struct DefaultInboundPolicyValidatorTests {
    static let annotation = "config.linkerd.io/default-inbound-policy"

    /// Violations of a `kind` object whose relevant metadata (at `nesting`) carries `value`.
    func violations(kind: String, group: String, nesting: [String], value: String) throws -> [String] {
        var json = #"{"annotations":{"\#(Self.annotation)":\#(value)}}"#
        for field in nesting.reversed() { json = #"{"\#(field)":\#(json)}"# }
        let harness = ValidatorHarness(DefaultInboundPolicyValidator(), group: group, version: "v1", kind: kind)
        return try harness.report(object: json).violations.map(\.description)
    }

    @Test(arguments: [
        ("Namespace", "", ["metadata"]), ("Pod", "", ["metadata"]),
        ("Deployment", "apps", ["spec", "template", "metadata"]), ("StatefulSet", "apps", ["spec", "template", "metadata"]),
        ("DaemonSet", "apps", ["spec", "template", "metadata"]), ("ReplicaSet", "apps", ["spec", "template", "metadata"]),
        ("Job", "batch", ["spec", "template", "metadata"]),
        ("CronJob", "batch", ["spec", "jobTemplate", "spec", "template", "metadata"]),
    ])
    func rejectsInvalidValuePerKind(_ kind: String, _ group: String, _ nesting: [String]) throws {
        let path = nesting.joined(separator: ".") + ".annotations[\(Self.annotation)]"
        #expect(try self.violations(kind: kind, group: group, nesting: nesting, value: #""all_authenticated""#) == [
            "\(path): invalid value \"all_authenticated\"; must be one of all-unauthenticated, all-authenticated, cluster-authenticated, cluster-unauthenticated, deny, audit (case-sensitive)"
        ])
    }

    @Test(arguments: DefaultPolicy.allCases.map(\.rawValue))
    func acceptsEveryDefaultPolicy(_ value: String) throws {
        #expect(try self.violations(kind: "Namespace", group: "", nesting: ["metadata"], value: "\"\(value)\"") == [])
    }

    @Test(arguments: [#""""#, #"" deny""#, #""Deny""#])
    func rejectsNearMisses(_ value: String) throws {
        #expect(try self.violations(kind: "Pod", group: "", nesting: ["metadata"], value: value).count == 1)
    }

    @Test func ignoresTheAnnotationOutsideTheKindsPodMetadata() throws {
        #expect(try self.violations(kind: "Deployment", group: "apps", nesting: ["metadata"], value: #""bogus""#) == [])
    }

    /// A kind the validator has no rules for is paired with it only by mistake: denied, never admitted unchecked.
    @Test func rejectsAKindItHasNoRulesFor() throws {
        #expect(try self.violations(kind: "Service", group: "", nesting: ["metadata"], value: #""deny""#) == [
            "apiVersion: v1 Service has no rules in DefaultInboundPolicyValidator; this webhook cannot check it"
        ])
    }
}
