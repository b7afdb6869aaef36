extension String {
    /// Equality ignoring case, as Kubernetes compares kinds and groups in references.
    ///
    /// Kinds and groups are ASCII, compared in place without building lowercased copies (two allocations per
    /// comparison on the request path); any other text falls back to comparing `lowercased()` forms.
    package func equalsIgnoringCase(_ other: String) -> Bool {
        guard self.utf8.allSatisfy({ $0 < 0x80 }), other.utf8.allSatisfy({ $0 < 0x80 }) else {
            return self.lowercased() == other.lowercased()
        }
        return self.utf8.count == other.utf8.count
            && zip(self.utf8, other.utf8).allSatisfy { CharacterRules.asciiLowercase($0) == CharacterRules.asciiLowercase($1) }
    }
}
