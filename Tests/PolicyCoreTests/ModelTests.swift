import PolicyCore
import Testing

/// Durations, header syntax and regular expressions used by the route validators.
@Suite struct ModelTests {
    /// Go's `parseDurationTests` rows, as linkerd2 `k8s/api/src/duration.rs` ports them: (text, nanoseconds, negative).
    static let goDurations: [(String, Double, Bool)] = [
        ("0", 0, false), ("5s", 5e9, false), ("30s", 30e9, false), ("1478s", 1478e9, false),
        ("-5s", 5e9, true), ("+5s", 5e9, false), ("-0", 0, true), ("+0", 0, false),
        ("5.0s", 5e9, false), ("5.6s", 5.6e9, false), ("5.s", 5e9, false), (".5s", 0.5e9, false),
        ("1.004s", 1.004e9, false), ("10ns", 10, false), ("11us", 11_000, false), ("12\u{00B5}s", 12_000, false),
        ("12\u{03BC}s", 12_000, false), ("13ms", 13e6, false), ("15m", 900e9, false), ("16h", 57_600e9, false),
        ("3h30m", 12_600e9, false), ("10.5s4m", 250.5e9, false), ("-2m3.4s", 123.4e9, true),
    ]

    @Test(arguments: goDurations)
    func k8sDurationParsesLikeGo(_ text: String, _ nanoseconds: Double, _ isNegative: Bool) throws {
        let duration = try #require(K8sDuration(text))
        #expect(abs(duration.nanoseconds - nanoseconds) < 1)
        #expect(duration.isNegative == isNegative)
    }

    /// Go's `parseDurationErrorTests` rows plus Linkerd-relevant ones.
    @Test(arguments: ["", "3", "-", "s", ".", "-.", ".s", "+.s", "1d", "10 s", "5x", "1.2.3s", "9223372036854775808h"])
    func k8sDurationRefusesMalformedText(_ text: String) {
        #expect(K8sDuration(text) == nil)
    }

    // Linkerd annotation durations are tested row by row against Linkerd in AnnotationDurationParityTests.

    @Test(arguments: ["x-version", "X-Trace-Id", "content-type", "a!#$%&'*+-.^_`|~9"])
    func headerNameValid(_ name: String) {
        #expect(HTTPHeaderSyntax.isValidName(name))
    }

    @Test(arguments: ["", "x version", "x:version", "x\nversion", "caf\u{E9}", "(x)"])
    func headerNameInvalid(_ name: String) {
        #expect(!HTTPHeaderSyntax.isValidName(name))
    }

    @Test(arguments: [("books", true), ("a\tb", true), ("caf\u{E9}", true), ("a\r\nx: y", false), ("nul\u{0}", false), ("del\u{7F}", false)])
    func headerValueValidity(_ value: String, _ isValid: Bool) {
        #expect(HTTPHeaderSyntax.isValidValue(value) == isValid)
    }

    @Test(arguments: ["^/books/[0-9]+$", "v[0-9]+", "(?i)abc", "[a-z]", "a{2,3}", #"\d+\.\d+"#])
    func regexCompiles(_ pattern: String) {
        #expect(RegexSyntax.problem(in: pattern) == nil)
    }

    @Test(arguments: [
        ("v[0-9+", "it does not compile"), ("(a", "it does not compile"), ("foo(?=bar)", "look-ahead is not supported"),
        ("(?<!x)y", "look-behind is not supported"), (#"(a)\1"#, "backreferences are not supported"),
        ("a++", "possessive quantifiers are not supported"), ("(?>a)", "atomic groups are not supported"),
    ])
    func regexRefused(_ pattern: String, _ reason: String) {
        #expect(RegexSyntax.problem(in: pattern) == reason)
    }
}
