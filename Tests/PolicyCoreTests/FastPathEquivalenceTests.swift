import PolicyAPI
import PolicyCore
import Testing

/// The request-path shortcuts against the plainer code they replace: same answers, including near misses.
@Suite struct FastPathEquivalenceTests {
    /// `ObjectVersion.spells` against splitting the apiVersion and comparing its parts.
    @Test(arguments: [
        "policy.linkerd.io/v1beta3", "policy.linkerd.io/v1beta2", "policy.linkerd.io/v1beta", "policy.linkerd.io/v1beta33",
        "policy.linkerd.io/", "policy.linkerd.io", "policy.linkerd.iov1beta3", "policy.linkerd.io.v1beta3",
        "Policy.linkerd.io/v1beta3", "policy.linkerd.io/v1beta3/x", "/v1beta3", "v1beta3", "", "policy.linkerd.i\u{00F6}/v1beta3",
        "policy.linkerd.io/v1b\u{00E9}ta3",
    ])
    func apiVersionSpellingMatchesSplit(_ apiVersion: String) {
        for (group, version) in [("policy.linkerd.io", "v1beta3"), ("", "v1beta3"), ("policy.linkerd.io", "")] {
            let parts = GroupVersionKind.split(apiVersion: apiVersion)
            let splitMatches = !group.isEmpty && parts.group == group && parts.version == version
            #expect(ObjectVersion.spells(apiVersion, group: group, version: version) == splitMatches)
        }
    }

    /// A prebuilt pair reports exactly what the general check reports, for every combination.
    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func pairMatchesGeneralCheck(_ first: Bool, _ second: Bool) {
        let path = FieldPath("spec.podSelector")
        var general = ValidationReport()
        ExactlyOneOf.check(["matchLabels": first, "matchExpressions": second], at: path, into: &general)
        var pair = ValidationReport()
        ExactlyOneOf.Pair("matchLabels", or: "matchExpressions")
            .check(firstIsSet: first, secondIsSet: second, at: path, into: &pair)
        #expect(pair == general)
        #expect(pair.violations.count == (first == second ? 1 : 0))
    }
}

/// Paths and messages assembled as UTF-8 bytes spell what String appends spelled, non-ASCII included.
@Suite struct ByteAssembledMessageTests {
    @Test func pathSpellsEveryComponentKind() {
        let path = FieldPath("spec.podSelector").field("matchLabels").key("caf\u{00E9}/\u{1F600}").index(12)
        #expect(path.description == "spec.podSelector.matchLabels[caf\u{00E9}/\u{1F600}][12]")
        #expect(FieldPath.root.description == "<root>")
        var text = "x "
        path.write(to: &text)
        #expect(text == "x spec.podSelector.matchLabels[caf\u{00E9}/\u{1F600}][12]")
    }

    @Test func messageJoinsViolationsWithNonASCII() {
        let violations = [
            Violation(.schema, at: FieldPath("spec.port"), "invalid port name \"h\u{00E9}\u{0301}llo\"; must be a name"),
            Violation(.labelSyntax, at: FieldPath.root.key("\u{212A}"), "bad"),
        ]
        #expect(Verdict.message(violations) == "spec.port: invalid port name \"h\u{00E9}\u{0301}llo\"; must be a name | [\u{212A}]: bad")
    }
}

/// The shortcuts for plain ASCII values in messages and length checks against the general code.
@Suite struct PlainValueShortcutTests {
    @Test(arguments: [
        "", "web", "policy.linkerd.io/v1beta3", "a b\\c", "say \"hi\"", "tab\there", "crlf\r\n", "del\u{7F}", "caf\u{00E9}",
        String(repeating: "x", count: 79), String(repeating: "x", count: 80), String(repeating: "x", count: 81),
        String(repeating: "\u{00E9}", count: 81), "e\u{0301}" + String(repeating: "y", count: 80),
    ])
    func quoteMatchesTheCharacterWalk(_ string: String) {
        #expect(Quote.value(string) == Quote.byCharacter(string))
    }

    /// Lengths are code points: strings of multi-byte characters around both bounds give the violations counting
    /// them gives.
    @Test(arguments: ["", "a", "ab", "abc", "abcd", "\u{00E9}", "\u{00E9}\u{00E9}", "\u{1F600}", "\u{1F600}\u{1F600}\u{1F600}",
        "\u{1F600}\u{1F600}\u{1F600}\u{1F600}", "a\u{1F600}b\u{00E9}", "e\u{0301}e\u{0301}"])
    func lengthBoundsCountCodePoints(_ string: String) {
        var report = ValidationReport()
        SchemaValidator.validate(string, StringConstraint(minLength: 2, maxLength: 3), at: FieldPath("spec.name"), into: &report)
        let length = string.unicodeScalars.count
        #expect(report.violations.count == (length < 2 || length > 3 ? 1 : 0), "\(length) code points")
    }
}
