import PolicyAPI
import Testing

@Suite struct JSONValueTests {
    @Test func integersAndFractionsStayApart() throws {
        let value = try JSONDecoding.decode(Array(#"{"a":80,"b":80.5,"c":-3,"d":1e3,"e":null,"f":[true,"x"]}"#.utf8))
        #expect(value["a"] == .integer(80))
        #expect(value["b"] == .double(80.5))
        #expect(value["c"] == .integer(-3))
        #expect(value["e"] == .null)
        #expect(value["f"] == .array([.bool(true), .string("x")]))
        #expect(value.presentMember("e") == nil)
    }

    @Test(arguments: ["", "{", "{\"a\":}", "[1 2]", "nul", "{\"a\":1}}"])
    func invalidJSONThrows(_ text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONDecoding.decode(Array(text.utf8)) }
    }

    @Test func writerEscapesControlCharactersAndQuotes() {
        var writer = JSONWriter()
        writer.string("a\"b\\c\nd\u{01}/é")
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #""a\"b\\c\nd\u0001/é""#)
    }

    @Test func canonicalTextSortsKeysAndRoundTrips() throws {
        let value = try JSONDecoding.decode(Array(#"{"b":[1,{"z":null,"a":"\u00e9"}],"a":false}"#.utf8))
        #expect(value.canonicalText == #"{"a":false,"b":[1,{"a":"é","z":null}]}"#)
        #expect(try JSONDecoding.decode(Array(value.canonicalText.utf8)) == value)
    }
}
