import PolicyCore
import Testing

@Suite struct VerdictMessageTests {
    @Test func violationsAreJoinedWithTheirPaths() {
        let violations = [
            Violation(.schema, at: FieldPath("spec.port"), "is required"),
            Violation(.labelSyntax, at: FieldPath("spec.podSelector").field("matchLabels").key("app/"), "invalid label key"),
            Violation(.schema, at: FieldPath("spec.rules").index(2), "must be an object"),
            Violation(.schema, at: .root, "must be an object"),
        ]
        #expect(
            Verdict.message(violations)
                == "spec.port: is required | spec.podSelector.matchLabels[app/]: invalid label key"
                + " | spec.rules[2]: must be an object | <root>: must be an object"
        )
    }

    @Test func messageIsCappedAtAWholeViolation() {
        let long = String(repeating: "x", count: 900)
        let violations = (0..<10).map { Violation(.schema, at: FieldPath("spec").index($0), long) }
        let message = Verdict.message(violations)
        // Four violations of 909 bytes (`spec[n]: ` and the message) fit in 4000 with their separators; the other
        // six are counted, not cut.
        #expect(message.hasSuffix("x | and 6 more"))
        #expect(message.split(separator: " | ").count == 5)
        #expect(message.utf8.count <= Verdict.maximumMessageLength + " | and 6 more".utf8.count)
    }

    @Test func capCountsBytesNotCharacters() {
        // 600 two-byte characters: 1,200 bytes per violation, so three fit and the fourth does not.
        let accented = String(repeating: "é", count: 600)
        let violations = (0..<4).map { Violation(.schema, at: FieldPath("spec").index($0), accented) }
        #expect(Verdict.message(violations).hasSuffix(" | and 1 more"))
    }
}
