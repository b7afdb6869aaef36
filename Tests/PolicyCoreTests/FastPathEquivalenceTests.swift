import PolicyAPI
import PolicyCore
import Testing

/// The request-path shortcuts against the plainer code they replace: same answers, including near misses.
@Suite struct FastPathEquivalenceTests {
    /// Inputs around every spelling: exact, case changed, one byte short or long, padded, and non-ASCII look-alikes
    /// (a Kelvin sign is canonically equivalent to `K`, a combining accent is not equivalent to anything ASCII).
    static func nearMisses(of spellings: [String]) -> [String] {
        var inputs = ["", " ", "\u{212A}", "K", "e\u{0301}", "\u{00E9}", "\u{1F600}", "\0"]
        for spelling in spellings {
            inputs += [
                spelling, spelling.uppercased(), spelling.lowercased(), String(spelling.dropLast()),
                String(spelling.dropFirst()), spelling + " ", " " + spelling, spelling + "\0", spelling + "\u{0301}",
                spelling.replacingOccurrences(of: "T", with: "\u{0422}"), "\u{212A}" + spelling, spelling + spelling,
            ]
        }
        return inputs
    }

    @Test(arguments: nearMisses(of: ProxyProtocol.allCases.map(\.rawValue)))
    func proxyProtocolByBytesMatchesRawValue(_ input: String) {
        #expect(ProxyProtocol(exactSpelling: input) == ProxyProtocol(rawValue: input))
    }

    @Test(arguments: nearMisses(of: DefaultPolicy.allCases.map(\.rawValue)))
    func defaultPolicyByBytesMatchesRawValue(_ input: String) {
        #expect(DefaultPolicy(exactSpelling: input) == DefaultPolicy(rawValue: input))
    }

    /// An enum with a letter that has a non-ASCII canonical equivalent: the byte parse must defer to
    /// `init(rawValue:)` for non-ASCII input, whatever the String switch decides.
    enum Temperature: String, CaseIterable { case kelvin = "K", celsius = "C" }

    @Test(arguments: ["K", "\u{212A}", "k", "C", "\u{212A}\u{212A}", "KK", ""])
    func nonASCIIInputDefersToRawValue(_ input: String) {
        #expect(Temperature(exactSpelling: input) == Temperature(rawValue: input))
    }

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
