import PolicyAPI
import Testing

@Suite struct JSONWriterTests {
    /// RFC 8259 escaping, one byte at a time: what the writer's word-at-a-time scan must agree with.
    static func referenceQuoted(_ string: String) -> String {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        let hex = Array("0123456789abcdef".utf8)
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
            case 0x0A: out += Array("\\n".utf8)
            case 0x0D: out += Array("\\r".utf8)
            case 0x09: out += Array("\\t".utf8)
            case 0..<0x20, 0x7F: out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        return String(decoding: out + [UInt8(ascii: "\"")], as: UTF8.self)
    }

    static func written(_ string: String) -> String {
        var writer = JSONWriter()
        writer.string(string)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test(arguments: ["\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "名", "🙂", " ", "~"])
    func scanAgreesWithTheReferenceAtEveryOffset(_ special: String) {
        // Offsets 0 to 17 put the byte in each lane of the first, second and third eight-byte word, and after it.
        for offset in 0..<18 {
            for tail in [0, 1, 9] {
                let text = String(repeating: "a", count: offset) + special + String(repeating: "b", count: tail)
                #expect(Self.written(text) == Self.referenceQuoted(text), "offset \(offset), tail \(tail)")
            }
        }
    }

    @Test func aMessageWithSeveralEscapesMatchesTheReference() {
        let message = "spec.port: \"http\" is not declared by pod web-7d9f\n\tsee \\docs\u{7F}; ünïcode stays as is\u{1}"
        #expect(Self.written(message) == Self.referenceQuoted(message))
        #expect(Self.written("") == "\"\"")
        // Specials right after multi-byte characters, and several in one word.
        for text in ["\u{E9}\"", "\u{80}\\", "\u{0}\u{1F}\"\\\u{7F}", "abc\u{E9}\n\u{1F642}\u{7F}xyz\"\"\"\""] {
            #expect(Self.written(text) == Self.referenceQuoted(text), "\(Array(text.utf8))")
        }
    }
}
