import ByteText

/// An ordered list of header fields with case-insensitive lookup by name.
///
/// The fields are kept as bytes, back to back in one array, with the place of each name and value: a parsed
/// head's fields are copied in as they are, and a `String` is made only for a value someone asks for: most
/// values are longer than the 15 bytes a string holds inline, so a string per field would be an allocation per
/// field. Lookups compare the bytes in place.
package struct HTTPHeaders: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// One header field as received or to be sent.
    package struct Field: Sendable, Hashable {
        package var name: String
        package var value: String
    }

    /// Where one field lies in `bytes`: the name, then the value right after it.
    private struct Span: Sendable, Hashable {
        var nameStart: Int
        var valueStart: Int
        var valueEnd: Int

        var name: Range<Int> { self.nameStart..<self.valueStart }
        var value: Range<Int> { self.valueStart..<self.valueEnd }
    }

    /// The names and values of every field, in order.
    private var bytes: [UInt8] = []
    private var spans: [Span] = []

    package init() {}

    package init(dictionaryLiteral elements: (String, String)...) {
        for (name, value) in elements { self.add(name: name, value: value) }
    }

    package var count: Int { self.spans.count }

    /// Makes room for `count` fields of `byteCount` bytes in all, so that adding them allocates once each.
    mutating func reserveCapacity(_ count: Int, byteCount: Int) {
        self.spans.reserveCapacity(count)
        self.bytes.reserveCapacity(byteCount)
    }

    /// Appends a field, keeping any earlier one with the same name.
    package mutating func add(name: String, value: String) {
        let nameStart = self.bytes.count
        self.bytes.append(contentsOf: name.utf8)
        let valueStart = self.bytes.count
        self.bytes.append(contentsOf: value.utf8)
        self.spans.append(Span(nameStart: nameStart, valueStart: valueStart, valueEnd: self.bytes.count))
    }

    /// Appends a field given as bytes (the parser's, from the head it checked).
    mutating func add(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
        let nameStart = self.bytes.count
        self.bytes.append(contentsOf: name)
        let valueStart = self.bytes.count
        self.bytes.append(contentsOf: value)
        self.spans.append(Span(nameStart: nameStart, valueStart: valueStart, valueEnd: self.bytes.count))
    }

    // MARK: - Reading

    package struct Iterator: IteratorProtocol {
        fileprivate let headers: HTTPHeaders
        fileprivate var index = 0

        package mutating func next() -> Field? {
            guard self.index < self.headers.spans.count else { return nil }
            defer { self.index += 1 }
            let span = self.headers.spans[self.index]
            return Field(name: self.headers.string(span.name), value: self.headers.string(span.value))
        }
    }

    package func makeIterator() -> Iterator { Iterator(headers: self) }

    /// The value of the first field with this name (ASCII case-insensitive), if any.
    package subscript(name: String) -> String? {
        var first: Span?
        self.forEachSpan(named: name) { span in
            first = span
            return false
        }
        return first.map { self.string($0.value) }
    }

    /// Every value of the fields with this name, in order (no array is made when there is none). The parser
    /// learns its framing headers while parsing the head and does not call this.
    package func values(named name: String) -> [String] {
        var values: [String] = []
        self.forEachSpan(named: name) { span in
            values.append(self.string(span.value))
            return true
        }
        return values
    }

    /// Whether a comma-separated header (`Connection`, `Transfer-Encoding`) lists a token, case-insensitively.
    package func contains(token: String, inHeader name: String) -> Bool {
        var token = token
        return token.withUTF8 { token in
            var found = false
            self.forEachSpan(named: name) { span in
                found = self.list(span.value, contains: token)
                return !found
            }
            return found
        }
    }

    /// Appends every field as `name: value` CRLF (the wire form).
    func write(into buffer: inout [UInt8]) {
        self.bytes.withUnsafeBufferPointer { bytes in
            for span in self.spans {
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[span.name]))
                buffer.append(UInt8(ascii: ":"))
                buffer.append(UInt8(ascii: " "))
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[span.value]))
                buffer.append(UInt8(ascii: "\r"))
                buffer.append(UInt8(ascii: "\n"))
            }
        }
    }

    // MARK: - Helpers

    private func string(_ range: Range<Int>) -> String {
        self.bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// Calls `body` with each field named `name`, in order, until it returns false.
    private func forEachSpan(named name: String, _ body: (Span) -> Bool) {
        var name = name
        name.withUTF8 { name in
            self.bytes.withUnsafeBufferPointer { bytes in
                for span in self.spans where span.valueStart - span.nameStart == name.count
                    && ASCII.equalIgnoringCase(UnsafeBufferPointer(rebasing: bytes[span.name]), name)
                {
                    guard body(span) else { return }
                }
            }
        }
    }

    /// Whether the comma-separated list at `range` has `token` as an item (spaces and tabs around items ignored).
    private func list(_ range: Range<Int>, contains token: UnsafeBufferPointer<UInt8>) -> Bool {
        self.bytes.withUnsafeBufferPointer { bytes in
            var itemStart = range.lowerBound
            while itemStart <= range.upperBound {
                var itemEnd = itemStart
                while itemEnd < range.upperBound, bytes[itemEnd] != UInt8(ascii: ",") { itemEnd += 1 }
                let item = trimmed(UnsafeBufferPointer(rebasing: bytes[itemStart..<itemEnd]))
                if ASCII.equalIgnoringCase(item, token) { return true }
                itemStart = itemEnd + 1
            }
            return false
        }
    }
}

/// The text without leading and trailing spaces and tabs (HTTP's optional whitespace).
func trimmed(_ text: Substring) -> Substring {
    var result = text
    while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
    while let last = result.last, last == " " || last == "\t" { result.removeLast() }
    return result
}

/// The bytes without leading and trailing spaces and tabs.
func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    var start = 0
    var end = bytes.count
    while start < end, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") { start += 1 }
    while end > start, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") { end -= 1 }
    return UnsafeBufferPointer(rebasing: bytes[start..<end])
}
