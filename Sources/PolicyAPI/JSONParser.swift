/// A strict RFC 8259 JSON parser over bytes, producing `JSONValue`.
///
/// Written because decoding through Codable costs far more than all TLS and HTTP work together (see
/// BENCHMARKS.md). It validates syntax and UTF-8 completely, bounds nesting depth, and keeps integers apart
/// from other numbers. Duplicate object keys keep the last value, as Go's encoding/json does.
struct JSONParser {
    /// Deeper documents are refused rather than risking the stack.
    static let maximumDepth = 256

    // The members reader (`JSONParser+Members.swift`) works on these and on the scanning helpers below, which are
    // internal for it alone.
    let bytes: UnsafeBufferPointer<UInt8>
    /// The cursor.
    var position = 0
    private var depth = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Parses one complete document following `plan`: skipped parts are checked, not built. Returns nil when the
    /// plan skips the root.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, plan: JSONReadPlan) throws(JSONSyntaxError) -> JSONValue? {
        try Self.read(bytes) { parser throws(JSONSyntaxError) in try parser.parseValue(plan: plan) }
    }

    /// Reads one complete document with `body`, which consumes its one value (the members reader, or
    /// `parseValue`); trailing non-whitespace is an error.
    static func read<Value>(
        _ bytes: UnsafeBufferPointer<UInt8>, _ body: (inout JSONParser) throws(JSONSyntaxError) -> Value
    ) throws(JSONSyntaxError) -> Value {
        var parser = JSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try body(&parser)
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.error("unexpected data after the JSON document") }
        return value
    }

    // MARK: - Planned values

    /// Builds or skips the value at the cursor as `plan` says.
    mutating func parseValue(plan: JSONReadPlan) throws(JSONSyntaxError) -> JSONValue? {
        switch plan {
        case .all:
            return try self.parseValue()
        case .skip:
            try self.skipValue()
            return nil
        case .members(let members, let otherwise):
            guard self.peek() == UInt8(ascii: "{") else { return try self.parseValue() }
            return try self.parseObject(members: members, otherwise: otherwise)
        case .elements(let elementPlan):
            guard self.peek() == UInt8(ascii: "[") else { return try self.parseValue() }
            return try self.parseArray(plan: elementPlan)
        }
    }

    /// Parses an object whose members named in `members` follow their own plan, and the others `otherwise`;
    /// skipped members are left out.
    ///
    /// The plan is taken apart once per object, not once per key: each look at an indirect enum's payload copies
    /// (and retains) it. Members are gathered in an array sized on the first member kept, which grows by moving
    /// them; a shared stack copied out per object cost a copy and a destroy of every member.
    private mutating func parseObject(members named: JSONReadPlan.Members?, otherwise: JSONReadPlan) throws(JSONSyntaxError) -> JSONValue {
        guard try self.open(.object) else { return .object(JSONObject()) }
        // Room for all the members a plan names when it builds no other, else four (most Kubernetes objects have
        // no more).
        let capacity: Int
        if case .skip = otherwise { capacity = named?.count ?? 0 } else { capacity = 4 }
        var members: [JSONObject.Member] = []
        repeat {
            guard self.peek() == UInt8(ascii: "\"") else { throw self.error("expected a string key") }
            // A key without escapes is matched against the plan in place; its string is made only when built.
            let plainKey = self.scanPlainString().map { UnsafeBufferPointer(rebasing: self.bytes[$0]) }
            let escapedKey = plainKey == nil ? try self.parseString() : nil
            let entry = plainKey.flatMap { named?.entry(utf8: $0) } ?? escapedKey.flatMap { named?.entry(for: $0) }
            try self.expectColon()
            if let value = try self.parseValue(plan: entry?.plan ?? otherwise) {
                // Room is made on the first member kept: an object whose members the plan all skips allocates
                // nothing.
                if members.isEmpty { members.reserveCapacity(capacity) }
                // A named key comes with the plan's own copy of its string, so a built member needs no new one.
                let key = entry?.key ?? plainKey.map(KnownStrings.make) ?? escapedKey ?? ""
                members.append(JSONObject.Member(key: key, value: value))
            }
        } while try self.next(in: .object)
        // A repeated key keeps its last value, as Go's encoding/json and the API server do.
        return .object(JSONObject(keepingLastOf: members))
    }

    // MARK: - Skipping

    /// Checks the value at the cursor (syntax, UTF-8, nesting) without building it.
    mutating func skipValue() throws(JSONSyntaxError) {
        guard self.position < self.bytes.count else { throw self.error("unexpected end of input") }
        switch self.bytes[self.position] {
        case UInt8(ascii: "{"):
            guard try self.open(.object) else { return }
            repeat {
                guard self.peek() == UInt8(ascii: "\"") else { throw self.error("expected a string key") }
                try self.skipString()
                try self.expectColon()
                try self.skipValue()
            } while try self.next(in: .object)
        case UInt8(ascii: "["):
            guard try self.open(.array) else { return }
            repeat {
                try self.skipValue()
            } while try self.next(in: .array)
        case UInt8(ascii: "\""):
            try self.skipString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try self.skipNumber()
        default:
            _ = try self.parseValue()
        }
    }

    /// Checks a string at its opening quote: escapes, control characters and UTF-8, building nothing.
    @inline(__always)
    private mutating func skipString() throws(JSONSyntaxError) {
        self.position += 1
        while true {
            self.skipPlainStringBytes()
            guard self.position < self.bytes.count else { throw self.error("unterminated string") }
            let byte = self.bytes[self.position]
            switch byte {
            case UInt8(ascii: "\""):
                self.position += 1
                return
            case UInt8(ascii: "\\"):
                // The one-character escapes (most of kubectl's last-applied copy) need no decoding.
                let next = self.position + 1 < self.bytes.count ? self.bytes[self.position + 1] : 0
                switch next {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    self.position += 2
                default:
                    var nothing: [UInt8]? = nil
                    try self.parseEscape(into: &nothing)
                }
            case 0..<0x20:
                throw self.error("control character in a string")
            case 0x20..<0x80:
                self.position += 1
            default:
                try self.skipUTF8Sequence()
            }
        }
    }

    /// Advances over printable ASCII string bytes other than `"` and `\`, eight at a time while it can: most of
    /// a skipped object (managedFields, kubectl's last-applied copy, pod specs) is such bytes (`ByteWords`, as
    /// `JSONWriter`'s escape scan).
    @inline(__always)
    private mutating func skipPlainStringBytes() {
        guard let base = self.bytes.baseAddress else { return }
        while self.position + 8 <= self.bytes.count {
            let word = ByteWords.load(base, at: self.position)
            let special = ByteWords.nonASCII(in: word) | ByteWords.below(0x20, in: word)
                | ByteWords.equal(to: UInt8(ascii: "\""), in: word) | ByteWords.equal(to: UInt8(ascii: "\\"), in: word)
            if special != 0 {
                // Jump straight to the first special byte: short strings cost one word, not a byte loop.
                self.position += ByteWords.firstFlagged(special)
                return
            }
            self.position += 8
        }
        while self.position < self.bytes.count {
            let byte = self.bytes[self.position]
            guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") else { return }
            self.position += 1
        }
    }

    /// Checks one multi-byte UTF-8 sequence (RFC 3629: no overlongs, no surrogates, at most U+10FFFF).
    private mutating func skipUTF8Sequence() throws(JSONSyntaxError) {
        let lead = self.bytes[self.position]
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upper = 0x9F
        case 0xF0: length = 4; lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upper = 0x8F
        default: throw self.error("invalid UTF-8 in a string")
        }
        guard self.position + length <= self.bytes.count else { throw self.error("invalid UTF-8 in a string") }
        let second = self.bytes[self.position + 1]
        guard second >= lower && second <= upper else { throw self.error("invalid UTF-8 in a string") }
        for offset in 2..<max(2, length) {
            let next = self.bytes[self.position + offset]
            guard next >= 0x80 && next <= 0xBF else { throw self.error("invalid UTF-8 in a string") }
        }
        self.position += length
    }

    // MARK: - Values

    mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard self.position < self.bytes.count else { throw self.error("unexpected end of input") }
        switch self.bytes[self.position] {
        case UInt8(ascii: "{"): return try self.parseObject(members: nil, otherwise: .all)
        case UInt8(ascii: "["): return try self.parseArray(plan: .all)
        case UInt8(ascii: "\""): return .string(try self.parseString())
        case UInt8(ascii: "t"): try self.expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try self.expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try self.expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try self.parseNumber()
        default: throw self.error("unexpected character")
        }
    }

    /// Parses an array whose elements follow `plan`; skipped elements are left out.
    private mutating func parseArray(plan: JSONReadPlan) throws(JSONSyntaxError) -> JSONValue {
        guard try self.open(.array) else { return .array([]) }
        var elements: [JSONValue] = []
        repeat {
            if let element = try self.parseValue(plan: plan) {
                if elements.isEmpty { elements.reserveCapacity(4) }
                elements.append(element)
            }
        } while try self.next(in: .array)
        return .array(elements)
    }

    // MARK: - Strings

    /// At an opening quote: when the string holds only printable ASCII without escapes, moves past its closing
    /// quote and returns the range of its contents; otherwise stays put and returns nil (for `parseString`).
    @inline(__always)
    mutating func scanPlainString() -> Range<Int>? {
        let quote = self.position
        self.position += 1
        self.skipPlainStringBytes()
        if self.position < self.bytes.count && self.bytes[self.position] == UInt8(ascii: "\"") {
            let contents = quote + 1..<self.position
            self.position += 1
            return contents
        }
        self.position = quote
        return nil
    }

    /// Parses a string starting at its opening quote.
    mutating func parseString() throws(JSONSyntaxError) -> String {
        self.position += 1
        let start = self.position
        // Fast scan: printable ASCII without escapes is copied in one go.
        self.skipPlainStringBytes()
        guard self.position < self.bytes.count else { throw self.error("unterminated string") }
        let stop = self.bytes[self.position]
        if stop < 0x20 { throw self.error("control character in a string") }
        if stop == UInt8(ascii: "\"") {
            let string = KnownStrings.make(UnsafeBufferPointer(rebasing: self.bytes[start..<self.position]))
            self.position += 1
            return string
        }
        var scalars: [UInt8] = Array(self.bytes[start..<self.position])
        while true {
            guard self.position < self.bytes.count else { throw self.error("unterminated string") }
            let byte = self.bytes[self.position]
            switch byte {
            case UInt8(ascii: "\""):
                self.position += 1
                guard let string = String(validating: scalars, as: UTF8.self) else {
                    throw self.error("invalid UTF-8 in a string")
                }
                return string
            case UInt8(ascii: "\\"):
                var output: [UInt8]? = scalars
                scalars = []
                try self.parseEscape(into: &output)
                scalars = output ?? []
            case 0..<0x20:
                throw self.error("control character in a string")
            default:
                scalars.append(byte)
                self.position += 1
            }
        }
    }

    /// Checks one escape sequence (`\n`, `\u00e9`, surrogate pairs) and appends its UTF-8 to `output`, when
    /// there is an output (skipped strings are only checked).
    private mutating func parseEscape(into output: inout [UInt8]?) throws(JSONSyntaxError) {
        self.position += 1
        guard self.position < self.bytes.count else { throw self.error("unterminated escape") }
        let byte = self.bytes[self.position]
        self.position += 1
        switch byte {
        case UInt8(ascii: "\""): output?.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): output?.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): output?.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): output?.append(0x08)
        case UInt8(ascii: "f"): output?.append(0x0C)
        case UInt8(ascii: "n"): output?.append(0x0A)
        case UInt8(ascii: "r"): output?.append(0x0D)
        case UInt8(ascii: "t"): output?.append(0x09)
        case UInt8(ascii: "u"):
            var code = UInt32(try self.parseHex4())
            if (0xD800...0xDBFF).contains(code) {
                guard self.position + 1 < self.bytes.count, self.bytes[self.position] == UInt8(ascii: "\\"),
                    self.bytes[self.position + 1] == UInt8(ascii: "u")
                else { throw self.error("unpaired surrogate in a \\u escape") }
                self.position += 2
                let low = UInt32(try self.parseHex4())
                guard (0xDC00...0xDFFF).contains(low) else { throw self.error("unpaired surrogate in a \\u escape") }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(code) {
                throw self.error("unpaired surrogate in a \\u escape")
            }
            guard let scalar = Unicode.Scalar(code) else { throw self.error("invalid \\u escape") }
            if output != nil { output?.append(contentsOf: String(Character(scalar)).utf8) }
        default:
            throw self.error("invalid escape")
        }
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt16 {
        guard self.position + 4 <= self.bytes.count else { throw self.error("short \\u escape") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = self.bytes[self.position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw self.error("invalid hex digit in a \\u escape")
            }
            value = value << 4 | UInt16(digit)
            self.position += 1
        }
        return value
    }

    // MARK: - Numbers and literals

    /// Parses a number with RFC 8259 grammar; integers that fit Int64 stay integers.
    private mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = self.position
        let shape = try self.scanNumber()
        let text = String(decoding: UnsafeBufferPointer(rebasing: self.bytes[start..<self.position]), as: UTF8.self)
        if shape.isInteger, let integer = Int64(text) { return .integer(integer) }
        guard let double = Double(text), double.isFinite else { throw self.error("number out of range") }
        return .double(double)
    }

    /// Moves past a number without building it, accepting exactly what `parseNumber` accepts. The grammar is
    /// checked by the same scan; a number without exponent and with at most 308 integer digits is below
    /// `Double`'s largest finite value, so only others are parsed to learn whether they are in range.
    private mutating func skipNumber() throws(JSONSyntaxError) {
        let start = self.position
        let shape = try self.scanNumber()
        guard shape.hasExponent || shape.integerDigits > 308 else { return }
        self.position = start
        _ = try self.parseNumber()
    }

    /// What `scanNumber` saw of a number.
    private struct NumberShape {
        /// Digits before any fraction or exponent.
        var integerDigits: Int
        /// Neither a fraction nor an exponent.
        var isInteger: Bool
        var hasExponent: Bool
    }

    /// Moves past a number, checking its RFC 8259 grammar.
    @inline(__always)
    private mutating func scanNumber() throws(JSONSyntaxError) -> NumberShape {
        if self.peek() == UInt8(ascii: "-") { self.position += 1 }
        let integerStart = self.position
        guard let first = self.peek(), Self.isDigit(first) else { throw self.error("invalid number") }
        if first == UInt8(ascii: "0") {
            self.position += 1
            if let next = self.peek(), Self.isDigit(next) { throw self.error("leading zero in a number") }
        } else {
            self.skipDigits()
        }
        var shape = NumberShape(integerDigits: self.position - integerStart, isInteger: true, hasExponent: false)
        if self.peek() == UInt8(ascii: ".") {
            shape.isInteger = false
            self.position += 1
            guard let digit = self.peek(), Self.isDigit(digit) else { throw self.error("invalid fraction") }
            self.skipDigits()
        }
        if self.peek() == UInt8(ascii: "e") || self.peek() == UInt8(ascii: "E") {
            shape.isInteger = false
            shape.hasExponent = true
            self.position += 1
            if self.peek() == UInt8(ascii: "+") || self.peek() == UInt8(ascii: "-") { self.position += 1 }
            guard let digit = self.peek(), Self.isDigit(digit) else { throw self.error("invalid exponent") }
            self.skipDigits()
        }
        return shape
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let count = literal.utf8CodeUnitCount
        guard self.position + count <= self.bytes.count else { throw self.error("unexpected end of input") }
        let matches = literal.withUTF8Buffer { expected in
            (0..<count).allSatisfy { self.bytes[self.position + $0] == expected[$0] }
        }
        guard matches else { throw self.error("invalid literal") }
        self.position += count
    }

    // MARK: - Containers

    /// An object or an array: what closes it, and what a misplaced separator is called.
    enum Container {
        case object
        case array

        var close: UInt8 { self == .object ? UInt8(ascii: "}") : UInt8(ascii: "]") }

        var misplacedSeparator: String {
            self == .object ? "expected ',' or '}' in an object" : "expected ',' or ']' in an array"
        }
    }

    /// At a container's opening bracket: enters it (the nesting bound is checked) and moves past the bracket and
    /// any whitespace. Returns false when the container is empty, its closing bracket consumed too.
    @inline(__always)
    mutating func open(_ container: Container) throws(JSONSyntaxError) -> Bool {
        try self.enter()
        self.position += 1
        self.skipWhitespace()
        guard self.peek() == container.close else { return true }
        self.position += 1
        self.depth -= 1
        return false
    }

    /// After a member or element: moves past a `,` and the whitespace after it and returns true (another follows),
    /// or past the closing bracket and returns false (the container is left).
    @inline(__always)
    mutating func next(in container: Container) throws(JSONSyntaxError) -> Bool {
        self.skipWhitespace()
        switch self.peek() {
        case UInt8(ascii: ","):
            self.position += 1
            self.skipWhitespace()
            return true
        case container.close:
            self.position += 1
            self.depth -= 1
            return false
        default:
            throw self.error(container.misplacedSeparator)
        }
    }

    // MARK: - Helpers

    @inline(__always)
    private mutating func enter() throws(JSONSyntaxError) {
        self.depth += 1
        if self.depth > Self.maximumDepth { throw self.error("nesting deeper than \(Self.maximumDepth) levels") }
    }

    /// Moves past the `:` after a key, and the whitespace around it.
    @inline(__always)
    mutating func expectColon() throws(JSONSyntaxError) {
        self.skipWhitespace()
        guard self.peek() == UInt8(ascii: ":") else { throw self.error("expected ':' after a key") }
        self.position += 1
        self.skipWhitespace()
    }

    @inline(__always)
    func peek() -> UInt8? {
        self.position < self.bytes.count ? self.bytes[self.position] : nil
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while self.position < self.bytes.count {
            switch self.bytes[self.position] {
            case 0x20, 0x0A, 0x0D, 0x09: self.position += 1
            default: return
            }
        }
    }

    private mutating func skipDigits() {
        while let byte = self.peek(), Self.isDigit(byte) { self.position += 1 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    func error(_ reason: String) -> JSONSyntaxError {
        JSONSyntaxError(reason: "the body is not valid JSON: \(reason) at byte \(self.position)")
    }
}
