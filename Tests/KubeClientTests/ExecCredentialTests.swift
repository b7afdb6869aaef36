import KubeClient
import PolicyAPI
import Testing

/// A PEM-shaped certificate and key (the parser checks the armour only).
private let testCertificatePEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
private let testKeyPEM = "-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n"

/// The pure ExecCredential exchange: the `KUBERNETES_EXEC_INFO` request, the response checks and RFC 3339 times.
@Suite struct ExecCredentialTests {
    static let certificatePEM = testCertificatePEM
    static let keyPEM = testKeyPEM

    /// A response of `apiVersion` whose status members are `status` (JSON text without braces).
    static func response(_ status: String, apiVersion: String = "client.authentication.k8s.io/v1") -> [UInt8] {
        Array(#"{"apiVersion":"\#(apiVersion)","kind":"ExecCredential","status":{\#(status)}}"#.utf8)
    }

    /// The reason of the error `body` throws, or nil.
    static func reason(_ body: () throws(KubeClientError) -> Void) -> String? {
        do throws(KubeClientError) {
            try body()
            return nil
        } catch {
            #expect(error.isExecPlugin, "\(error)")
            return error.reason
        }
    }

    // MARK: - Request

    @Test func requestWithoutClusterInfoCarriesOnlyInteractive() {
        #expect(
            ExecCredential.request(apiVersion: .v1, interactive: false, cluster: nil)
                == #"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"interactive":false}}"#)
        #expect(
            ExecCredential.request(apiVersion: .v1beta1, interactive: true, cluster: nil)
                == #"{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","spec":{"interactive":true}}"#)
    }

    @Test func requestWithClusterInfoCarriesServerCAAndConfig() {
        let cluster = ExecCredential.Cluster(
            server: "https://eks.example:443/", tlsServerName: "api.example", insecureSkipTLSVerify: true,
            certificateAuthorityData: Array("PEM".utf8), config: .object(JSONObject(["region": .string("eu-west-1")])))
        #expect(
            ExecCredential.request(apiVersion: .v1, interactive: false, cluster: cluster)
                == #"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"cluster":{"server":"https://eks.example:443/","tls-server-name":"api.example","insecure-skip-tls-verify":true,"certificate-authority-data":"UEVN","config":{"region":"eu-west-1"}},"interactive":false}}"#)
    }

    // MARK: - Response

    @Test func v1TokenWithExpiryDecodes() throws {
        let status = try ExecCredential.parse(
            Self.response(#""token":"abc.def-ghi","expirationTimestamp":"2026-12-07T15:04:05Z""#), expecting: .v1)
        #expect(status == ExecCredential.Status(credential: .token("abc.def-ghi"), expirationTimestamp: 1_796_655_845))
    }

    @Test func v1beta1TokenWithoutExpiryNeverExpires() throws {
        let status = try ExecCredential.parse(
            Self.response(#""token":"t0k3n""#, apiVersion: "client.authentication.k8s.io/v1beta1"), expecting: .v1beta1)
        #expect(status == ExecCredential.Status(credential: .token("t0k3n"), expirationTimestamp: nil))
        #expect(status.isUsable(at: Int64.max - 1, margin: 10))
    }

    @Test func clientCertificateAndKeyDecode() throws {
        let status = try ExecCredential.parse(
            Self.response(
                #""clientCertificateData":"\#(Self.certificatePEM.replacingNewlines)","clientKeyData":"\#(Self.keyPEM.replacingNewlines)","expirationTimestamp":null"#),
            expecting: .v1)
        #expect(
            status.credential == .clientCertificate(certificatePEM: Array(Self.certificatePEM.utf8), keyPEM: Array(Self.keyPEM.utf8)))
        #expect(status.expirationTimestamp == nil)
    }

    @Test func usableUntilTheMarginBeforeExpiry() {
        let status = ExecCredential.Status(credential: .token("t"), expirationTimestamp: 1000)
        #expect(status.isUsable(at: 989, margin: 10))
        #expect(!status.isUsable(at: 990, margin: 10))
        #expect(!status.isUsable(at: 2000, margin: 0))
    }

    @Test(arguments: [
        (#"{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"t"}}"#,
         "the response's apiVersion \"client.authentication.k8s.io/v1beta1\" is not the requested client.authentication.k8s.io/v1"),
        (#"{"kind":"ExecCredential","status":{"token":"t"}}"#, "the response has no apiVersion"),
        (#"{"apiVersion":"client.authentication.k8s.io/v1","kind":"Status","status":{"token":"t"}}"#,
         "the response's kind is \"Status\", not ExecCredential"),
        (#"{"apiVersion":"client.authentication.k8s.io/v1","status":{"token":"t"}}"#, "the response's kind is missing, not ExecCredential"),
        (#"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential"}"#, "the response has no status object"),
        (#"["token"]"#, "the response must be a JSON object, found array"),
        ("token: abc", "the response is not JSON: "),
        ("", "the response is not JSON: "),
    ])
    func malformedResponseIsRefused(text: String, expected: String) {
        let reason = Self.reason { () throws(KubeClientError) in _ = try ExecCredential.parse(Array(text.utf8), expecting: .v1) }
        #expect(reason?.hasPrefix(expected) == true, "\(reason ?? "accepted")")
    }

    @Test(arguments: [
        ("", "the status has neither a token nor clientCertificateData and clientKeyData"),
        (#""token":"""#, "the status has neither a token nor clientCertificateData and clientKeyData"),
        (#""token":"t","clientCertificateData":"\#(testCertificatePEM.replacingNewlines)","clientKeyData":"\#(testKeyPEM.replacingNewlines)""#,
         "the status has both a token and a client certificate; exactly one is expected"),
        (#""clientCertificateData":"\#(testCertificatePEM.replacingNewlines)""#, "the status has clientCertificateData without clientKeyData"),
        (#""clientKeyData":"\#(testKeyPEM.replacingNewlines)""#, "the status has clientKeyData without clientCertificateData"),
        (#""clientCertificateData":"MIIB","clientKeyData":"\#(testKeyPEM.replacingNewlines)""#, "status.clientCertificateData is not a PEM certificate"),
        (#""clientCertificateData":"\#(testCertificatePEM.replacingNewlines)","clientKeyData":"key""#, "status.clientKeyData is not a PEM private key"),
        (#""token":42"#, "status.token must be a string, found integer"),
        (#""token":"a\r\nX-Injected: 1""#, "status.token holds a space, a control character or a non-ASCII byte"),
        (#""token":"a b""#, "status.token holds a space, a control character or a non-ASCII byte"),
        (#""token":"t","expirationTimestamp":"tomorrow""#, "status.expirationTimestamp \"tomorrow\" is not an RFC 3339 time"),
        (#""token":"t","expirationTimestamp":1796655845"#, "status.expirationTimestamp must be a string, found integer"),
    ])
    func unusableStatusIsRefused(status: String, expected: String) {
        let reason = Self.reason { () throws(KubeClientError) in _ = try ExecCredential.parse(Self.response(status), expecting: .v1) }
        #expect(reason == expected)
    }

    @Test func oversizedResponseIsRefusedBeforeParsing() {
        let bytes = Self.response(#""token":"\#(String(repeating: "a", count: 2000))""#)
        let reason = Self.reason { () throws(KubeClientError) in _ = try ExecCredential.parse(bytes, expecting: .v1, maximumSize: 1024) }
        #expect(reason == "the response exceeds 1024 bytes")
        #expect((try? ExecCredential.parse(bytes, expecting: .v1)) != nil)
    }

    @Test func controlCharactersInTheResponseAreEscapedInTheMessage() {
        let text = #"{"apiVersion":"client.authentication.k8s.io/v1","kind":"Exec\u001b[2JCredential","status":{}}"#
        let reason = Self.reason { () throws(KubeClientError) in _ = try ExecCredential.parse(Array(text.utf8), expecting: .v1) }
        #expect(reason == #"the response's kind is "Exec\u{1B}[2JCredential", not ExecCredential"#)
    }

    // MARK: - Time

    @Test(arguments: [
        ("2026-12-07T15:04:05Z", Int64(1_796_655_845)),
        ("2026-12-07t15:04:05z", 1_796_655_845),
        ("2026-12-07T15:04:05.123456789Z", 1_796_655_845),
        ("2018-03-05T17:30:20-08:00", 1_520_299_820),
        ("2018-03-06T02:30:20+01:00", 1_520_299_820),
        ("1970-01-01T00:00:00Z", 0),
        ("1969-12-31T23:59:59Z", -1),
        ("2000-02-29T23:59:59Z", 951_868_799),
        ("2100-03-01T00:00:00Z", 4_107_542_400),
    ])
    func rfc3339TimesParse(text: String, seconds: Int64) {
        #expect(ExecCredential.seconds(rfc3339: text) == seconds)
    }

    @Test(arguments: [
        "2026-12-07", "2026-12-07T15:04:05", "2026-12-07 15:04:05Z", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z",
        "2100-02-29T00:00:00Z", "2026-12-07T24:00:00Z", "2026-12-07T15:60:00Z", "2026-12-07T15:04:05.Z",
        "2026-12-07T15:04:05+0100", "2026-12-07T15:04:05Z ", "２026-12-07T15:04:05Z", "2026-12-07T15:04:05+25:00",
    ])
    func malformedTimesAreRefused(text: String) {
        #expect(ExecCredential.seconds(rfc3339: text) == nil)
    }

    // MARK: - Messages

    @Test func controlCharactersAreSpelledOut() {
        #expect("a\nb\tc\r\u{1B}[31m\u{7F}\u{202E}é".escapingControlCharacters == #"a\nb\tc\r\u{1B}[31m\u{7F}\u{202E}é"#)
    }
}

extension String {
    /// The text with each line break written as the JSON escape `\n`.
    fileprivate var replacingNewlines: String {
        self.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\\n")
    }
}
