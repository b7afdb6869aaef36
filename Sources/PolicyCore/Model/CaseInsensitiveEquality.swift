extension String {
    /// Equality ignoring case, as Kubernetes compares kinds and groups in references.
    ///
    /// Kinds and groups are ASCII, compared byte by byte in place without building lowercased copies (two
    /// allocations per comparison on the request path); any other text falls back to comparing `lowercased()`
    /// forms. (Walking the two `UTF8View`s with `zip` cost 40k instructions per AuthorizationPolicy review.)
    package func equalsIgnoringCase(_ other: String) -> Bool {
        var lhs = self
        var rhs = other
        let asciiAnswer = lhs.withUTF8 { lhs in rhs.withUTF8 { rhs in Self.asciiEqualIgnoringCase(lhs, rhs) } }
        return asciiAnswer ?? (self.lowercased() == other.lowercased())
    }

    /// Whether two ASCII byte strings are equal with letters folded; nil when the answer needs Unicode case
    /// mapping. A difference at an ASCII byte after an equal prefix decides on its own: lowercasing maps the
    /// characters before it to the same text, and that byte to different letters.
    private static func asciiEqualIgnoringCase(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard lhs.count == rhs.count else {
            return lhs.allSatisfy({ $0 < 0x80 }) && rhs.allSatisfy({ $0 < 0x80 }) ? false : nil
        }
        for index in 0..<lhs.count {
            let left = lhs[index]
            let right = rhs[index]
            guard left | right < 0x80 else { return nil }
            if CharacterRules.asciiLowercase(left) != CharacterRules.asciiLowercase(right) { return false }
        }
        return true
    }
}
