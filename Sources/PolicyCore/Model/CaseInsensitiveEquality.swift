extension String {
    /// Equality ignoring case, as Kubernetes compares kinds and groups in references.
    ///
    /// Kinds and groups are ASCII, compared in place without building lowercased copies (two allocations per
    /// comparison on the request path); any other text falls back to comparing `lowercased()` forms.
    package func equalsIgnoringCase(_ other: String) -> Bool {
        var mine = self.utf8.makeIterator()
        var theirs = other.utf8.makeIterator()
        while true {
            switch (mine.next(), theirs.next()) {
            case (nil, nil):
                return true
            case (let a?, let b?) where a < 0x80 && b < 0x80:
                if a != b && Self.asciiLowercase(a) != Self.asciiLowercase(b) { return false }
            case (nil, _?), (_?, nil):
                guard !self.utf8.contains(where: { $0 >= 0x80 }), !other.utf8.contains(where: { $0 >= 0x80 }) else {
                    return self.lowercased() == other.lowercased()
                }
                return false
            default:
                return self.lowercased() == other.lowercased()
            }
        }
    }

    private static func asciiLowercase(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}
