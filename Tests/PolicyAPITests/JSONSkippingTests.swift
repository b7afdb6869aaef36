import PolicyAPI
import Testing

/// The skipper (values a read plan does not build) accepts and rejects exactly what building them does, with the
/// same reason and byte: values of every kind and nesting, escapes at every offset of the word scan, numbers
/// (checked without being made) at the edges of Double, compared with the full parse.
@Suite struct JSONSkippingTests {
    /// The error reason reading `text` by `plan`, or nil when it is accepted.
    static func outcome(_ text: String, plan: JSONReadPlan) -> String? {
        outcome(Array(text.utf8), plan: plan)
    }

    static func outcome(_ bytes: [UInt8], plan: JSONReadPlan) -> String? {
        do {
            _ = try JSONDecoding.decode(bytes, plan: plan)
            return nil
        } catch {
            return error.reason
        }
    }

    /// `value` skipped at the root, as an object member and as array elements, against the same documents built
    /// whole.
    static func expectSkippingAgrees(_ value: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let documents: [(String, JSONReadPlan)] = [
            (value, .skip),
            (#"{"k":\#(value)}"#, .members(["k": .skip], otherwise: .all)),
            (#"{"a":1,"k" : \#(value) ,"z":2}"#, .members(["k": .skip], otherwise: .all)),
            ("[\(value)]", .elements(.skip)),
            ("[1, \(value), 2]", .elements(.skip)),
        ]
        for (document, plan) in documents {
            #expect(
                outcome(document, plan: plan) == outcome(document, plan: .all), "\(document)", sourceLocation: sourceLocation
            )
        }
    }

    @Test(arguments: [
        // Valid values of every kind and nesting.
        "null", "true", "false", "0", "-0", "17", "-3.25", "1.5E+3", "1e-400", "1e308", "\"\"", "\"abc\"", "[]", "{}",
        "[[],{},[{}],{\"a\":[]}]", #"{"a":{"b":{"c":[1,"x",null,true,{"d":false}]}}}"#, #"{"a":1,"a":2}"#,
        " [ 1 , { \"a\" : [ ] } ] ",
        // Invalid ones: punctuation, literals, numbers, strings.
        "", "[", "{", "[1,]", "[1 2]", #"{"a":1,}"#, #"{"a" 1}"#, #"{a:1}"#, #"{"a":}"#, "[}", "{]", #"{"a":[1}"#,
        "tru", "nul", "fals", "truex", "nulll", "x", "+1", "-", "01", "-01", "00", "1.", ".5", "1e", "1e+", "1.e3",
        "1e400", "-1e400", "1E309", "0.0000e99999",
        #""abc"#, #""a\"#, #""\x""#, #""\u12""#, #""\u12G4""#, #""\ud800""#, #""\ud800\u0041""#, #""\udc00x""#,
        "\"a\u{01}b\"", "\"\u{1F}\"", #""\u0000\ud83d\ude00""#,
    ])
    func skippedValuesAgreeWithBuiltOnes(_ value: String) {
        Self.expectSkippingAgrees(value)
    }

    @Test func numbersAtTheEdgesOfDouble() {
        let digits308 = String(repeating: "9", count: 308)
        let digits309 = String(repeating: "9", count: 309)
        for value in [
            digits308, "-" + digits308, digits308 + ".5", digits309, "-" + digits309, "1" + String(repeating: "0", count: 400),
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "0." + String(repeating: "0", count: 400) + "1",
        ] {
            Self.expectSkippingAgrees(value)
        }
        #expect(Self.outcome(digits308, plan: .skip) == nil)
        #expect(Self.outcome(digits309, plan: .skip) == "the body is not valid JSON: number out of range at byte 309")
        #expect(Self.outcome("[1e400]", plan: .elements(.skip)) == "the body is not valid JSON: number out of range at byte 6")
    }

    /// Escapes, control characters and the closing quote at every offset of the eight-byte word scan, and at the
    /// very end of the input.
    @Test func escapesAtEveryWordOffset() {
        let escapes = [#"\""#, #"\\"#, #"\/"#, #"\b"#, #"\f"#, #"\n"#, #"\r"#, #"\t"#, #"\u00e9"#, #"\ud83d\ude00"#]
        let broken = [#"\x"#, #"\u12"#, #"\ud800"#, #"\"#, "\u{01}", "\u{1F}", #"\u00"#]
        for offset in 0..<17 {
            let padding = String(repeating: "a", count: offset)
            for escape in escapes + broken {
                Self.expectSkippingAgrees("\"\(padding)\(escape)\(padding)\"")
                Self.expectSkippingAgrees("\"\(padding)\(escape)\(escape)x\"")
                Self.expectSkippingAgrees("\"\(padding)\(escape)")
                // Unterminated, the escape the last bytes of the input.
                #expect(Self.outcome("\"\(padding)\(escape)", plan: .skip) == Self.outcome("\"\(padding)\(escape)", plan: .all))
            }
        }
    }

    @Test func escapedJSONInAString() {
        let inner = #"{"apiVersion":"policy.linkerd.io/v1beta3","kind":"Server","spec":{"port":"http","x":"a\\b\/c"}}"#
        var escaped = ""
        for character in inner {
            switch character {
            case "\"": escaped += #"\""#
            case "\\": escaped += #"\\"#
            default: escaped.append(character)
            }
        }
        Self.expectSkippingAgrees("\"\(escaped)\"")
        #expect(Self.outcome("{\"k\":\"\(escaped)\"}", plan: .members(["k": .skip], otherwise: .all)) == nil)
    }

    /// Bad UTF-8 is reported at the first byte of the bad sequence when skipped (building reports it at the end of
    /// the string); at every word offset.
    @Test func invalidUTF8IsReportedAtItsLeadByte() {
        let sequences: [[UInt8]] = [[0xC3, 0x28], [0xED, 0xA0, 0x80], [0xC0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x82], [0x80]]
        for offset in 0..<17 {
            for sequence in sequences {
                let prefix = Array(#"{"k":"#.utf8) + [0x22] + Array(repeating: UInt8(ascii: "a"), count: offset)
                let document = prefix + sequence + Array(#"z"}"#.utf8)
                #expect(
                    Self.outcome(document, plan: .members(["k": .skip], otherwise: .all))
                        == "the body is not valid JSON: invalid UTF-8 in a string at byte \(prefix.count)"
                )
                #expect(Self.outcome(document, plan: .all) != nil)
            }
            let valid = Array(#"["#.utf8) + [0x22] + Array(repeating: UInt8(ascii: "a"), count: offset)
                + [0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80, 0x22, UInt8(ascii: "]")]
            #expect(Self.outcome(valid, plan: .elements(.skip)) == nil)
        }
    }

    /// Deep nesting, up to and just past the 256-level bound, counted with the levels the plan built around the
    /// skipped value.
    @Test func deepNestingIsSkippedUpToTheBound() {
        func nested(_ levels: Int, innermost: String = "1") -> String {
            var text = innermost
            for level in 0..<levels { text = level % 2 == 0 ? "[\(text)]" : #"{"a":\#(text)}"# }
            return text
        }
        for levels in [63, 64, 65, 66, 127, 128, 129, 200, 255, 256, 257, 300] {
            Self.expectSkippingAgrees(nested(levels))
            Self.expectSkippingAgrees(nested(levels, innermost: "[]"))
            Self.expectSkippingAgrees(nested(levels, innermost: "1,]"))
            Self.expectSkippingAgrees(String(repeating: "[", count: levels) + String(repeating: "]", count: levels))
            Self.expectSkippingAgrees(String(repeating: "[", count: levels) + String(repeating: "]", count: levels - 1) + "}")
        }
        let bound = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        #expect(Self.outcome(bound, plan: .skip) == nil)
        let over = String(repeating: "[", count: 257) + String(repeating: "]", count: 257)
        #expect(Self.outcome(over, plan: .skip) == "the body is not valid JSON: nesting deeper than 256 levels at byte 256")
        // The object the plan builds is one of the 256 levels.
        let inside = "{\"k\":" + String(repeating: "[", count: 255) + String(repeating: "]", count: 255) + "}"
        #expect(Self.outcome(inside, plan: .members(["k": .skip], otherwise: .all)) == nil)
        let overInside = "{\"k\":" + String(repeating: "[", count: 256) + String(repeating: "]", count: 256) + "}"
        #expect(
            Self.outcome(overInside, plan: .members(["k": .skip], otherwise: .all))
                == "the body is not valid JSON: nesting deeper than 256 levels at byte 260"
        )
    }
}
