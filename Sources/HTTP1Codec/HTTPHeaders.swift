/// An ordered list of header fields with case-insensitive lookup by name.
package struct HTTPHeaders: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// One header field as received or to be sent.
    package struct Field: Sendable, Hashable {
        package var name: String
        package var value: String
    }

    private var fields: [Field]

    package init() { self.fields = [] }

    package init(dictionaryLiteral elements: (String, String)...) {
        self.fields = elements.map { Field(name: $0.0, value: $0.1) }
    }

    package var count: Int { self.fields.count }

    package func makeIterator() -> IndexingIterator<[Field]> { self.fields.makeIterator() }

    /// Makes room for `count` fields in all, so that adding them allocates once.
    mutating func reserveCapacity(_ count: Int) {
        self.fields.reserveCapacity(count)
    }

    /// Appends a field, keeping any earlier one with the same name.
    package mutating func add(name: String, value: String) {
        self.fields.append(Field(name: name, value: value))
    }

    /// The value of the first field with this name (ASCII case-insensitive), if any.
    package subscript(name: String) -> String? {
        self.fields.first { HTTPHeaders.namesMatch($0.name, name) }?.value
    }

    /// Every value of the fields with this name, in order (no array is made when there is none). The parser
    /// learns its framing headers while parsing the head and does not call this.
    package func values(named name: String) -> [String] {
        var values: [String] = []
        for field in self.fields where HTTPHeaders.namesMatch(field.name, name) { values.append(field.value) }
        return values
    }

    /// Whether a comma-separated header (`Connection`, `Transfer-Encoding`) lists a token, case-insensitively.
    /// (Walks the list by index: taking each field as a copy retained and released both of its strings.)
    package func contains(token: String, inHeader name: String) -> Bool {
        for index in self.fields.indices where HTTPHeaders.namesMatch(self.fields[index].name, name) {
            for item in self.fields[index].value.split(separator: ",") where HTTPHeaders.namesMatch(trimmed(item), token) {
                return true
            }
        }
        return false
    }

    /// ASCII case-insensitive comparison, without allocating lowercased copies. Compares the UTF-8 bytes in
    /// place (native strings always have them contiguous); walking two `UTF8View`s in step cost ten times more.
    static func namesMatch(_ a: some StringProtocol, _ b: some StringProtocol) -> Bool {
        let lhs = a.utf8
        let rhs = b.utf8
        guard lhs.count == rhs.count else { return false }
        let inPlace = lhs.withContiguousStorageIfAvailable { lhsBytes in
            rhs.withContiguousStorageIfAvailable { rhsBytes in asciiCaseInsensitiveEqual(lhsBytes, rhsBytes) }
        }
        if let inPlace, let matches = inPlace { return matches }
        return zip(lhs, rhs).allSatisfy { asciiLowercased($0) == asciiLowercased($1) }
    }
}

/// The byte with ASCII `A`-`Z` folded to lowercase.
@inline(__always)
func asciiLowercased(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
}

/// Whether two byte strings are equal with ASCII letters compared case-insensitively.
func asciiCaseInsensitiveEqual(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
    guard lhs.count == rhs.count else { return false }
    for index in 0..<lhs.count where asciiLowercased(lhs[index]) != asciiLowercased(rhs[index]) { return false }
    return true
}

/// Whether bytes spell a lowercase ASCII literal, ignoring the bytes' case (`Content-Length` is
/// `content-length`).
func asciiCaseInsensitiveEqual(_ bytes: UnsafeBufferPointer<UInt8>, lowercase literal: StaticString) -> Bool {
    literal.withUTF8Buffer { asciiCaseInsensitiveEqual(bytes, $0) }
}

/// The text without leading and trailing spaces and tabs (HTTP's optional whitespace).
func trimmed(_ text: Substring) -> Substring {
    var result = text
    while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
    while let last = result.last, last == " " || last == "\t" { result.removeLast() }
    return result
}
