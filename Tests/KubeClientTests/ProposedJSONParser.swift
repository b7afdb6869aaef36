import PolicyAPI

/// A direct bytes-to-`JSONValue` parser, here only so the benchmark can show what `JSONDecoding.decode` would cost
/// without the Codable path (which finds each value's type by trying and catching four decodes).
///
/// A proposal for PolicyAPI's `JSONDecoding.decode`, not used by the client: that function stays the one decoder.
struct ProposedJSONParser {
    /// Why the bytes are not JSON.
    struct SyntaxError: Error {
        var offset: Int
    }

    private let bytes: [UInt8]
    private var index = 0

    /// Parses one JSON document.
    static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONValue {
        var parser = ProposedJSONParser(bytes: bytes)
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw SyntaxError(offset: parser.index) }
        return value
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func skipWhitespace() {
        while self.index < self.bytes.count {
            switch self.bytes[self.index] {
            case 0x20, 0x0A, 0x0D, 0x09: self.index += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int) throws(SyntaxError) -> JSONValue {
        guard depth < 512 else { throw SyntaxError(offset: self.index) }
        self.skipWhitespace()
        guard self.index < self.bytes.count else { throw SyntaxError(offset: self.index) }
        switch self.bytes[self.index] {
        case UInt8(ascii: "{"):
            self.index += 1
            var members: [String: JSONValue] = [:]
            self.skipWhitespace()
            if self.peek(UInt8(ascii: "}")) { return .object(members) }
            while true {
                self.skipWhitespace()
                let key = try self.string()
                self.skipWhitespace()
                try self.expect(UInt8(ascii: ":"))
                members[key] = try self.value(depth: depth + 1)
                self.skipWhitespace()
                if self.peek(UInt8(ascii: "}")) { return .object(members) }
                try self.expect(UInt8(ascii: ","))
            }
        case UInt8(ascii: "["):
            self.index += 1
            var elements: [JSONValue] = []
            self.skipWhitespace()
            if self.peek(UInt8(ascii: "]")) { return .array(elements) }
            while true {
                elements.append(try self.value(depth: depth + 1))
                self.skipWhitespace()
                if self.peek(UInt8(ascii: "]")) { return .array(elements) }
                try self.expect(UInt8(ascii: ","))
            }
        case UInt8(ascii: "\""):
            return .string(try self.string())
        case UInt8(ascii: "t"):
            try self.literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try self.literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try self.literal("null")
            return .null
        default:
            return try self.number()
        }
    }

    private mutating func peek(_ byte: UInt8) -> Bool {
        guard self.index < self.bytes.count, self.bytes[self.index] == byte else { return false }
        self.index += 1
        return true
    }

    private mutating func expect(_ byte: UInt8) throws(SyntaxError) {
        guard self.peek(byte) else { throw SyntaxError(offset: self.index) }
    }

    private mutating func literal(_ text: StaticString) throws(SyntaxError) {
        let count = text.utf8CodeUnitCount
        guard self.index + count <= self.bytes.count else { throw SyntaxError(offset: self.index) }
        for offset in 0..<count where self.bytes[self.index + offset] != text.utf8Start[offset] {
            throw SyntaxError(offset: self.index)
        }
        self.index += count
    }

    private mutating func string() throws(SyntaxError) -> String {
        try self.expect(UInt8(ascii: "\""))
        let start = self.index
        // Fast path: no escapes.
        while self.index < self.bytes.count {
            let byte = self.bytes[self.index]
            if byte == UInt8(ascii: "\"") {
                let string = String(decoding: self.bytes[start..<self.index], as: UTF8.self)
                self.index += 1
                return string
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            self.index += 1
        }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: String(decoding: self.bytes[start..<self.index], as: UTF8.self).unicodeScalars)
        var pending: [UInt8] = []
        while self.index < self.bytes.count {
            let byte = self.bytes[self.index]
            self.index += 1
            switch byte {
            case UInt8(ascii: "\""):
                scalars.append(contentsOf: String(decoding: pending, as: UTF8.self).unicodeScalars)
                return String(scalars)
            case UInt8(ascii: "\\"):
                scalars.append(contentsOf: String(decoding: pending, as: UTF8.self).unicodeScalars)
                pending.removeAll(keepingCapacity: true)
                guard self.index < self.bytes.count else { throw SyntaxError(offset: self.index) }
                let escaped = self.bytes[self.index]
                self.index += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(Unicode.Scalar(escaped))
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    var code = try self.hex4()
                    if (0xD800..<0xDC00).contains(code), self.peek(UInt8(ascii: "\\")), self.peek(UInt8(ascii: "u")) {
                        let low = try self.hex4()
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                default: throw SyntaxError(offset: self.index)
                }
            default:
                guard byte >= 0x20 else { throw SyntaxError(offset: self.index) }
                pending.append(byte)
            }
        }
        throw SyntaxError(offset: self.index)
    }

    private mutating func hex4() throws(SyntaxError) -> UInt32 {
        guard self.index + 4 <= self.bytes.count,
            let code = UInt32(String(decoding: self.bytes[self.index..<(self.index + 4)], as: UTF8.self), radix: 16)
        else { throw SyntaxError(offset: self.index) }
        self.index += 4
        return code
    }

    private mutating func number() throws(SyntaxError) -> JSONValue {
        let start = self.index
        var isInteger = true
        while self.index < self.bytes.count {
            switch self.bytes[self.index] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"): self.index += 1
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"):
                isInteger = false
                self.index += 1
            default:
                break
            }
            if self.index < self.bytes.count {
                let next = self.bytes[self.index]
                if !(next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9")) && next != UInt8(ascii: "-")
                    && next != UInt8(ascii: ".") && next != UInt8(ascii: "e") && next != UInt8(ascii: "E")
                    && next != UInt8(ascii: "+")
                {
                    break
                }
            }
        }
        let text = String(decoding: self.bytes[start..<self.index], as: UTF8.self)
        if isInteger, let integer = Int64(text) { return .integer(integer) }
        guard let double = Double(text) else { throw SyntaxError(offset: start) }
        return .double(double)
    }
}
