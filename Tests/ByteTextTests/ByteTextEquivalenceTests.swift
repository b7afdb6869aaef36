import ByteText
import Testing

/// Each ASCII helper answers exactly what its plain-Swift reference answers: the helpers exist only to avoid the
/// reference's copies, never to change a result.
struct ByteTextEquivalenceTests {
    /// Texts around the edges: empty, ASCII with and without case, punctuation next to the letters, non-ASCII.
    static let samples: [String] = [
        "", "a", "A", "Server", "server", "SERVER", "Servers", "policy.linkerd.io", "Policy.Linkerd.IO",
        "content-length", "Content-Length", "chunked", "CHUNKED", "chunkeD ", "[", "{", "@", "`", "ÉTÉ", "été",
        "Straße", "STRASSE", "kınd", "kind", "aÉ", "bé", "Aé", "aÉ", "İ", "i̇", "ǅ", "ǆ", "\u{0}", "\u{7F}",
    ]

    static var pairs: [(String, String)] {
        Self.samples.flatMap { a in Self.samples.map { b in (a, b) } }
    }

    @Test func asciiClassesMatchTheirRanges() {
        for value in 0...255 {
            let byte = UInt8(value)
            let scalar = Unicode.Scalar(byte)
            let isASCIILetter = scalar.isASCII && Character(scalar).isLetter
            #expect(ASCII.isLowerLetter(byte) == (isASCIILetter && Character(scalar).isLowercase))
            #expect(ASCII.isUpperLetter(byte) == (isASCIILetter && Character(scalar).isUppercase))
            #expect(ASCII.isDigit(byte) == (scalar.isASCII && Character(scalar).isWholeNumber))
            #expect(ASCII.isAlphanumeric(byte) == (ASCII.isLowerLetter(byte) || ASCII.isUpperLetter(byte) || ASCII.isDigit(byte)))
            #expect(ASCII.isLowerAlphanumeric(byte) == (ASCII.isLowerLetter(byte) || ASCII.isDigit(byte)))
            let expected = scalar.isASCII ? Array(String(Character(scalar)).lowercased().utf8)[0] : byte
            #expect(ASCII.lowercase(byte) == expected, "byte \(byte)")
        }
    }

    @Test func asciiEqualIgnoringCaseFoldsOnlyASCIILetters() {
        for (a, b) in Self.pairs {
            let reference = a.utf8.count == b.utf8.count
                && zip(a.utf8, b.utf8).allSatisfy { Self.foldASCII($0) == Self.foldASCII($1) }
            let buffers = Array(a.utf8).withUnsafeBufferPointer { lhs in
                Array(b.utf8).withUnsafeBufferPointer { rhs in ASCII.equalIgnoringCase(lhs, rhs) }
            }
            #expect(buffers == reference, "\(a) \(b)")
            #expect(a.equalsIgnoringASCIICase(b) == reference, "\(a) \(b)")
            // A Substring (not necessarily contiguous from the start) answers the same.
            #expect(a[...].equalsIgnoringASCIICase(b[...]) == reference, "\(a) \(b)")
        }
    }

    @Test func equalIgnoringCaseAgainstALowercaseLiteral() {
        for text in ["content-length", "Content-Length", "CONTENT-LENGTH", "content-lengt", "content-lengths", ""] {
            let matches = Array(text.utf8).withUnsafeBufferPointer { ASCII.equalIgnoringCase($0, lowercase: "content-length") }
            #expect(matches == (text.lowercased() == "content-length"), "\(text)")
        }
    }

    @Test(arguments: [
        ("Server", "server", true), ("policy.linkerd.io", "Policy.Linkerd.IO", true), ("", "", true),
        ("Server", "Servers", false), ("Server", "Serve", false), ("a", "b", false), ("[", "{", false),
        ("ÉTÉ", "été", true), ("Straße", "STRASSE", false), ("kind", "kınd", false),
        // An ASCII difference before a non-ASCII byte, and lengths that differ only through non-ASCII text.
        ("aÉ", "bé", false), ("Aé", "aÉ", true), ("İ", "i̇", true), ("ǅ", "ǆ", true),
    ])
    func equalsIgnoringCaseComparesLikeLowercasedForms(_ a: String, _ b: String, _ expected: Bool) {
        #expect(a.equalsIgnoringCase(b) == expected)
        #expect(b.equalsIgnoringCase(a) == expected)
    }

    @Test func equalsIgnoringCaseMatchesLowercasedOnEveryPair() {
        for (a, b) in Self.pairs {
            #expect(a.equalsIgnoringCase(b) == (a.lowercased() == b.lowercased()), "\(a) \(b)")
        }
    }

    /// The reference fold: only `A-Z` change.
    static func foldASCII(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }
}
