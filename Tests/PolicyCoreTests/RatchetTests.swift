import PolicyAPI
import PolicyCore
import Testing

/// Rule 7: only violations new in the object deny an UPDATE.
@Suite struct RatchetTests {
    static let path = FieldPath("spec").field("podSelector").field("matchLabels").key("version")

    static func object(version: String) -> JSONValue {
        .object(["spec": .object(["podSelector": .object(["matchLabels": .object(["version": .string(version)])])])])
    }

    @Test func unchangedValueAtTheSamePathIsPreExisting() {
        let violation = Violation(.labelSyntax, at: Self.path, "invalid label value \"a b\"; must be 63 characters or less")
        let outcome = Ratchet.compare([violation], of: Self.object(version: "a b"), with: [violation], of: Self.object(version: "a b"))
        #expect(outcome.preExisting == [violation])
        #expect(outcome.newViolations.isEmpty)
        #expect(Ratchet.warning(for: violation)
            == "spec.podSelector.matchLabels[version]: pre-existing violation kept on update: invalid label value \"a b\"")
    }

    @Test func changedValueIsANewViolation() {
        let violation = Violation(.labelSyntax, at: Self.path, "bad")
        let outcome = Ratchet.compare([violation], of: Self.object(version: "A B"), with: [violation], of: Self.object(version: "a b"))
        #expect(outcome.newViolations == [violation])
    }

    @Test func overlapsAreTheSameWhenWithTheSameServer() {
        let object = Self.object(version: "x")
        let old = Violation(.overlap, at: FieldPath("spec"), "with a", subject: "web-a")
        let same = Violation(.overlap, at: FieldPath("spec"), "with a, other pod", subject: "web-a")
        let other = Violation(.overlap, at: FieldPath("spec"), "with b", subject: "web-b")
        let outcome = Ratchet.compare([same, other], of: object, with: [old], of: Self.object(version: "y"))
        #expect(outcome.preExisting == [same])
        #expect(outcome.newViolations == [other])
    }

    @Test func aDifferentRuleAtTheSamePathIsNew() {
        let object = Self.object(version: "x")
        let outcome = Ratchet.compare(
            [Violation(.schema, at: Self.path, "m")], of: object, with: [Violation(.labelSyntax, at: Self.path, "m")], of: object
        )
        #expect(outcome.newViolations.count == 1)
    }
}
