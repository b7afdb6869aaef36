import PolicyAPI
import Testing

/// The exact byte comparisons answer exactly what `==` on the UTF-8 bytes answers: they exist only to avoid making a
/// String or an Array, never to change a result.
struct ByteEqualityTests {
    /// Texts around the edges: empty, ASCII with and without case, non-ASCII, control bytes.
    static let samples: [String] = [
        "", "a", "A", "Server", "server", "Servers", "policy.linkerd.io", "metadata", "ÉTÉ", "été", "\u{0}", "\u{7F}",
    ]

    static var pairs: [(String, String)] {
        Self.samples.flatMap { a in Self.samples.map { b in (a, b) } }
    }

    @Test func exactByteEqualityMatchesArrayEquality() {
        for (a, b) in Self.pairs {
            let reference = Array(a.utf8) == Array(b.utf8)
            let stored = Array(a.utf8)
            #expect(Array(b.utf8).withUnsafeBufferPointer { stored.isEqual(toUTF8: $0) } == reference, "\(a) \(b)")
            #expect(Array(b.utf8).withUnsafeBufferPointer { a.hasUTF8($0) } == reference, "\(a) \(b)")
        }
    }

    @Test func equalToASCIILiteralMatchesArrayEquality() {
        for text in ["metadata", "Metadata", "metadat", "metadatas", ""] {
            let matches = Array(text.utf8).withUnsafeBufferPointer { $0.isEqual(toASCII: "metadata") }
            #expect(matches == (text == "metadata"), "\(text)")
        }
    }

    @Test func isJoinedMatchesTheJoinedString() {
        let parts = ["", "policy.linkerd.io", "v1beta3", "v1", "é"]
        let candidates = ["policy.linkerd.io/v1beta3", "policy.linkerd.io/v1", "policy.linkerd.iov1beta3", "/v1", "/",
                          "policy.linkerd.io/", "é/é", "policy.linkerd.io/v1beta3x", "policy.linkerd.io:v1beta3"]
        for first in parts {
            for second in parts {
                for candidate in candidates + [first + "/" + second] {
                    #expect(
                        candidate.isJoined(first, UInt8(ascii: "/"), second) == (Array(candidate.utf8) == Array((first + "/" + second).utf8)),
                        "\(candidate) \(first) \(second)"
                    )
                }
            }
        }
    }
}
