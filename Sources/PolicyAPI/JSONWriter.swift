/// Serialises JSON by hand: responses are small and fixed in shape, so no encoder is needed on the request path.
package struct JSONWriter {
    /// The bytes written so far.
    package private(set) var bytes: [UInt8] = []

    package init(capacity: Int = 512) {
        self.bytes.reserveCapacity(capacity)
    }

    /// Appends raw, already valid JSON text (punctuation, literals).
    package mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { self.bytes.append(contentsOf: $0) }
    }

    /// Appends `string` as a quoted JSON string, escaping what RFC 8259 requires.
    package mutating func string(_ string: String) {
        self.bytes.append(UInt8(ascii: "\""))
        var text = string
        // Runs of bytes that need no escape (nearly all of a message) are appended in one copy.
        text.withUTF8 { utf8 in
            var runStart = 0
            var index = 0
            while true {
                index = Self.nextEscape(in: utf8, from: index)
                guard index < utf8.count else { break }
                if runStart < index { self.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                self.escape(utf8[index])
                index += 1
                runStart = index
            }
            if runStart < utf8.count { self.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        self.bytes.append(UInt8(ascii: "\""))
    }

    /// The position of the first byte at or after `start` that needs an escape (`utf8.count` when none does),
    /// looking at eight bytes at a time (`ByteWords`, as the parser's `skipPlainStringBytes`): messages are mostly
    /// long runs of plain text.
    private static func nextEscape(in utf8: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        if let base = utf8.baseAddress {
            while index + 8 <= utf8.count {
                let word = ByteWords.load(base, at: index)
                // Below 0x20, a quote, a backslash or DEL: what `needsEscape` says, for eight bytes.
                let flagged = ByteWords.below(0x20, in: word) | ByteWords.equal(to: UInt8(ascii: "\""), in: word)
                    | ByteWords.equal(to: UInt8(ascii: "\\"), in: word) | ByteWords.equal(to: 0x7F, in: word)
                if flagged != 0 { return index + ByteWords.firstFlagged(flagged) }
                index += 8
            }
        }
        while index < utf8.count, !Self.needsEscape(utf8[index]) { index += 1 }
        return index
    }

    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0x7F
    }

    private mutating func escape(_ byte: UInt8) {
        self.bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): self.bytes.append(byte)
        case 0x0A: self.bytes.append(UInt8(ascii: "n"))
        case 0x0D: self.bytes.append(UInt8(ascii: "r"))
        case 0x09: self.bytes.append(UInt8(ascii: "t"))
        default:
            let digits: StaticString = "0123456789abcdef"
            digits.withUTF8Buffer { digits in
                self.bytes.append(UInt8(ascii: "u"))
                self.bytes.append(0x30)
                self.bytes.append(0x30)
                self.bytes.append(digits[Int(byte >> 4)])
                self.bytes.append(digits[Int(byte & 0xF)])
            }
        }
    }

    /// Appends `["a","b"]`.
    package mutating func stringArray(_ strings: [String]) {
        self.raw("[")
        for (index, string) in strings.enumerated() {
            if index > 0 { self.raw(",") }
            self.string(string)
        }
        self.raw("]")
    }

    /// Appends a decimal integer.
    package mutating func integer(_ value: Int) {
        self.bytes.append(contentsOf: String(value).utf8)
    }

    /// Appends a JSON boolean.
    package mutating func bool(_ value: Bool) {
        if value { self.raw("true") } else { self.raw("false") }
    }

    /// Appends any JSON value, object members in sorted key order so equal values serialise equally.
    package mutating func value(_ value: JSONValue) {
        switch value {
        case .null: self.raw("null")
        case .bool(let bool): self.bool(bool)
        case .integer(let integer): self.bytes.append(contentsOf: String(integer).utf8)
        case .double(let double):
            if double.isFinite { self.bytes.append(contentsOf: "\(double)".utf8) } else { self.raw("null") }
        case .string(let string): self.string(string)
        case .array(let elements):
            self.raw("[")
            for (index, element) in elements.enumerated() {
                if index > 0 { self.raw(",") }
                self.value(element)
            }
            self.raw("]")
        case .object(let members):
            self.raw("{")
            for (index, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { self.raw(",") }
                self.string(member.key)
                self.raw(":")
                self.value(member.value)
            }
            self.raw("}")
        }
    }
}

extension JSONValue {
    /// Canonical compact JSON text (sorted keys): for fingerprints, messages and tests.
    package var canonicalText: String {
        var writer = JSONWriter()
        writer.value(self)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
