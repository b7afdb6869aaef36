/// Reading a document member by member into the reader's own fields, for a shape known in advance: an
/// AdmissionReview's envelope is read this way, with no `JSONValue` built for it. Everything is checked as
/// strictly as by `parseValue`, with the same container punctuation (`open`, `next(in:)`).
extension JSONParser {
    /// At a value: when it is an object, calls `member` for each of its members, in document order, with the
    /// key's UTF-8 bytes (unescaped) and the parser at the member's value, which `member` must consume. Returns
    /// false, consuming nothing, when the value is not an object.
    mutating func readMembers(
        _ member: (inout JSONParser, UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> Void
    ) throws(JSONSyntaxError) -> Bool {
        guard self.peek() == UInt8(ascii: "{") else { return false }
        guard try self.open(.object) else { return true }
        repeat {
            guard self.peek() == UInt8(ascii: "\"") else { throw self.error("expected a string key") }
            if let plain = self.scanPlainString() {
                try self.expectColon()
                try member(&self, UnsafeBufferPointer(rebasing: self.bytes[plain]))
            } else {
                var key = try self.parseString()
                try self.expectColon()
                let read = key.withUTF8 { utf8 in
                    Result { () throws(JSONSyntaxError) in try member(&self, utf8) }
                }
                try read.get()
            }
        } while try self.next(in: .object)
        return true
    }

    /// The string at the cursor; nil, after checking it, for a value of any other type.
    mutating func readString() throws(JSONSyntaxError) -> String? {
        if self.peek() == UInt8(ascii: "\"") { return try self.parseString() }
        try self.skipValue()
        return nil
    }

    /// The boolean at the cursor; nil, after checking it, for a value of any other type.
    mutating func readBool() throws(JSONSyntaxError) -> Bool? {
        switch self.peek() {
        case UInt8(ascii: "t"):
            try self.expectLiteral("true")
            return true
        case UInt8(ascii: "f"):
            try self.expectLiteral("false")
            return false
        default:
            try self.skipValue()
            return nil
        }
    }

    /// The type name (`JSONValue.typeName`) of the value at the cursor, which is checked and moved past. Only a
    /// number or a literal is built to tell it.
    mutating func readTypeName() throws(JSONSyntaxError) -> String {
        switch self.peek() {
        case UInt8(ascii: "{"):
            try self.skipValue()
            return "object"
        case UInt8(ascii: "["):
            try self.skipValue()
            return "array"
        case UInt8(ascii: "\""):
            try self.skipValue()
            return "string"
        default:
            return try self.parseValue().typeName
        }
    }

    /// Consumes a `null` at the cursor and returns true; false, consuming nothing, for any other value.
    mutating func readNull() throws(JSONSyntaxError) -> Bool {
        guard self.peek() == UInt8(ascii: "n") else { return false }
        try self.expectLiteral("null")
        return true
    }
}
