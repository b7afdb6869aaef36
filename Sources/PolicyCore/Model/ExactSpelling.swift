/// Parsing of string enums by the bytes of their spelling.
///
/// `init(rawValue:)` goes through the compiler's string switch, which compares each case as Unicode text
/// (canonical equivalence); for the short ASCII names of Linkerd's enums, comparing UTF-8 bytes, lengths first,
/// decides the same for a fraction of the cost. Server reviews parse two such enums each.
extension CaseIterable where Self: RawRepresentable, Self.RawValue == String {
    /// The case `init(rawValue:)` returns for `string`, found by byte comparison.
    ///
    /// Byte-equal strings are equal strings, and an ASCII string is canonically equivalent only to itself, so
    /// for ASCII raw values a miss on ASCII input is a miss for `init(rawValue:)` too. Non-ASCII input (a Kelvin
    /// sign can stand for `K`) still goes to `init(rawValue:)`, so the answer is the same for every input.
    package init?(exactSpelling string: String) {
        let length = string.utf8.count
        for candidate in Self.allCases {
            let spelling = candidate.rawValue.utf8
            if spelling.count == length && spelling.elementsEqual(string.utf8) {
                self = candidate
                return
            }
        }
        guard string.utf8.contains(where: { $0 >= 0x80 }) else { return nil }
        self.init(rawValue: string)
    }
}
