import PolicyCore
import Testing

@Suite struct CaseInsensitiveEqualityTests {
    @Test(arguments: [
        ("Server", "server", true), ("policy.linkerd.io", "Policy.Linkerd.IO", true), ("", "", true),
        ("Server", "Servers", false), ("Server", "Serve", false), ("a", "b", false), ("[", "{", false),
        ("ÉTÉ", "été", true), ("Straße", "STRASSE", false), ("kind", "kınd", false),
    ])
    func comparesLikeLowercasedForms(_ a: String, _ b: String, _ expected: Bool) {
        #expect(a.equalsIgnoringCase(b) == expected)
        #expect(b.equalsIgnoringCase(a) == expected)
        #expect(a.equalsIgnoringCase(b) == (a.lowercased() == b.lowercased()))
    }
}
