import PolicyCore
import Testing

/// Label key and value syntax; rows follow apimachinery `validation_test.go` (`TestIsQualifiedName`,
/// `TestIsValidLabelValue`) plus the conformance README's examples.
@Suite struct LabelSyntaxTests {
    @Test(arguments: [
        "app", "app.kubernetes.io/name", "a", "A_b.c-D", "example.com/x", "0", String(repeating: "a", count: 63),
        "a.b.c/" + String(repeating: "z", count: 63), "linkerd.io/server-kind",
    ])
    func validKeyIsAccepted(_ key: String) {
        #expect(LabelSyntax.isValidKey(key))
    }

    @Test(arguments: [
        "", "app name", "Example.com/app", "policy.linkerd.io/_server", "/app", "a/", "a/b/c", "-app", "app-",
        String(repeating: "a", count: 64), "exa_mple.com/app", "app!", String(repeating: "p", count: 254) + "/a",
    ])
    func invalidKeyIsRejected(_ key: String) {
        #expect(!LabelSyntax.isValidKey(key))
    }

    @Test(arguments: ["", "web", "v1.2.3", "a_b-c", "WEB", String(repeating: "x", count: 63)])
    func validValueIsAccepted(_ value: String) {
        #expect(LabelSyntax.isValidValue(value))
    }

    @Test(arguments: ["api gateway", "2.4.0+build.7", "-web", "web.", String(repeating: "x", count: 64), "a/b"])
    func invalidValueIsRejected(_ value: String) {
        #expect(!LabelSyntax.isValidValue(value))
    }

    @Test(arguments: ["http", "admin-http", "h2c", "a1", "abcdefghijklmno"])
    func containerPortNameIsAccepted(_ name: String) {
        #expect(DNSName.isIANAServiceName(name))
    }

    @Test(arguments: ["", "8080", "HTTP", "http_port", "-http", "http-", "ht--tp", "my-service-http-port"])
    func invalidContainerPortNameIsRejected(_ name: String) {
        #expect(!DNSName.isIANAServiceName(name))
    }
}
