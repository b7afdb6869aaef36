import Foundation
import PolicyAPI
import Testing

/// The strict parser against RFC 8259 edge cases and, differentially, against Foundation's decoder.
@Suite struct JSONParserTests {
    @Test(arguments: [
        (#""\u00e9\ud83d\ude00\n\t\"\\\/""#, JSONValue.string("é😀\n\t\"\\/")),
        ("-0", .integer(0)),
        ("9223372036854775807", .integer(Int64.max)),
        ("9223372036854775808", .double(9223372036854775808)),
        ("1.5e2", .double(150)),
        (" [ ] ", .array([])),
        ("{}", .object([:])),
        (#"{"a":1,"a":2}"#, .object(["a": .integer(2)])),
    ])
    func validDocumentsParse(_ text: String, _ expected: JSONValue) throws {
        #expect(try JSONDecoding.decode(Array(text.utf8)) == expected)
    }

    @Test(arguments: [
        "", "   ", "{", "[1,]", "[1 2]", "{\"a\":1,}", "01", "1.", ".5", "-", "1e", "+1", "tru", "nulll", "\"abc",
        "\"a\u{01}b\"", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00x\"", "{'a':1}", "[1]]", "NaN", "1e999",
    ])
    func invalidDocumentsThrow(_ text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONDecoding.decode(Array(text.utf8)) }
    }

    @Test func invalidUTF8IsRejected() {
        #expect(throws: JSONSyntaxError.self) { try JSONDecoding.decode([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONSyntaxError.self) { try JSONDecoding.decode([0x22, 0xED, 0xA0, 0x80, 0x22]) }
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONSyntaxError.self) { try JSONDecoding.decode(Array(deep.utf8)) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: Never.self) { try JSONDecoding.decode(Array(fine.utf8)) }
    }

    /// Every JSON file of the benchmark workload and the conformance corpus decodes to the same tree both ways.
    static let corpus: [String] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared")
        let folders = ["bench", "conformance/cases"].map { root.appendingPathComponent($0).path }
        return folders.flatMap { folder in
            ((try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? [])
                .filter { $0.hasSuffix(".json") }.map { folder + "/" + $0 }
        }.sorted()
    }()

    @Test(.enabled(if: !corpus.isEmpty, "../shared is not beside the package"))
    func agreesWithFoundationOnTheCorpus() throws {
        for file in Self.corpus {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            let ours = try JSONDecoding.decode(bytes)
            let foundations = try JSONDecoding.decodeWithFoundation(bytes)
            #expect(ours == foundations, "\(file)")
            if let raw = ours["rawBody"]?.stringValue {
                let rawBytes = Array(raw.utf8)
                let oursRaw = try? JSONDecoding.decode(rawBytes)
                let foundationsRaw = try? JSONDecoding.decodeWithFoundation(rawBytes)
                #expect(oursRaw == foundationsRaw, "rawBody of \(file)")
            }
        }
    }
}
