extension StringProtocol {
    /// Equality with ASCII letters folded and every other byte exact, as HTTP compares header names and tokens;
    /// compared on the UTF-8 bytes in place when they are contiguous (native strings), without lowercased copies.
    @inlinable
    package func equalsIgnoringASCIICase(_ other: some StringProtocol) -> Bool {
        let lhs = self.utf8
        let rhs = other.utf8
        guard lhs.count == rhs.count else { return false }
        let inPlace = lhs.withContiguousStorageIfAvailable { lhsBytes in
            rhs.withContiguousStorageIfAvailable { rhsBytes in ASCII.equalIgnoringCase(lhsBytes, rhsBytes) }
        }
        if let inPlace, let matches = inPlace { return matches }
        return zip(lhs, rhs).allSatisfy { ASCII.lowercase($0) == ASCII.lowercase($1) }
    }
}

extension String {
    /// Equality ignoring case, as Kubernetes compares kinds and groups in references (`lowercased()` forms equal).
    ///
    /// ASCII text, what kinds and groups are, is compared byte by byte in place without building lowercased copies;
    /// any other text falls back to comparing `lowercased()` forms.
    @inlinable
    package func equalsIgnoringCase(_ other: String) -> Bool {
        var lhs = self
        var rhs = other
        let asciiAnswer = lhs.withUTF8 { lhs in rhs.withUTF8 { rhs in Self.asciiEqualIgnoringCase(lhs, rhs) } }
        return asciiAnswer ?? (self.lowercased() == other.lowercased())
    }

    /// Whether two ASCII byte strings are equal with letters folded; nil when the answer needs Unicode case
    /// mapping. A difference at an ASCII byte after an equal prefix decides on its own: lowercasing maps the
    /// characters before it to the same text, and that byte to different letters.
    @inlinable
    static func asciiEqualIgnoringCase(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard lhs.count == rhs.count else {
            return lhs.allSatisfy({ $0 < 0x80 }) && rhs.allSatisfy({ $0 < 0x80 }) ? false : nil
        }
        for index in 0..<lhs.count {
            let left = lhs[index]
            let right = rhs[index]
            guard left | right < 0x80 else { return nil }
            if ASCII.lowercase(left) != ASCII.lowercase(right) { return false }
        }
        return true
    }
}
