import KubeCache
import PolicyAPI
import PolicyCore
import Testing

/// ServerAuthorization rules; names follow linkerd2 `policy-test/tests/admit_server_authorization.rs`.
@Suite struct ServerAuthorizationValidatorTests {
    let harness = ValidatorHarness(ServerAuthorizationValidator(), version: "v1beta1", kind: "ServerAuthorization")

    @Test func acceptsValid() throws {
        let spec = #"{"server":{"selector":{"matchLabels":{"app":"web"}}},"client":{"networks":[{"cidr":"10.1.0.0/24"},{"cidr":"10.1.1.0/24","except":["10.1.1.0/28"]}],"unauthenticated":true}}"#
        #expect(try self.harness.violations(spec: spec) == [])
    }

    @Test func acceptsUnauthenticatedFalseNextToMeshTLS() throws {
        let spec = #"{"server":{"selector":{"matchLabels":{"app":"web"}}},"client":{"unauthenticated":false,"meshTLS":{"unauthenticatedTLS":false,"serviceAccounts":[{"name":"web"}]}}}"#
        #expect(try self.harness.violations(spec: spec) == [])
    }

    @Test func rejectsUnauthenticatedAndMTLS() throws {
        let spec = #"{"server":{"selector":{"matchLabels":{"app":"web"}}},"client":{"unauthenticated":true,"meshTLS":{"identities":["*"]}}}"#
        #expect(try self.harness.violations(spec: spec) == [
            "spec.client: exactly one of meshTLS or unauthenticated must be set, found both"
        ])
    }

    @Test func rejectsUnauthenticatedTLSAndIdentities() throws {
        let spec = #"{"server":{"selector":{"matchLabels":{"app":"web"}}},"client":{"meshTLS":{"unauthenticatedTLS":true,"identities":["*"]}}}"#
        #expect(try self.harness.violations(spec: spec) == [
            "spec.client.meshTLS: exactly one of unauthenticatedTLS, identities or serviceAccounts must be set, found unauthenticatedTLS and identities"
        ])
    }

    @Test func rejectsClientWithNeither() throws {
        let spec = #"{"server":{"selector":{"matchLabels":{"app":"web"}}},"client":{"unauthenticated":false}}"#
        #expect(try self.harness.violations(spec: spec) == [
            "spec.client: exactly one of meshTLS or unauthenticated must be set, found neither"
        ])
    }

    @Test func rejectsServerNameAndSelector() throws {
        let spec = #"{"server":{"name":"web","selector":{"matchLabels":{"app":"web"}}},"client":{"unauthenticated":true}}"#
        #expect(try self.harness.violations(spec: spec) == [
            "spec.server: exactly one of name or selector must be set, found both"
        ])
    }

    @Test func rejectsExceptWholeCIDR() throws {
        let spec = #"{"server":{"selector":{"matchLabels":{"app":"web"}}},"client":{"networks":[{"cidr":"10.1.1.0/24","except":["10.1.0.0/16"]}],"unauthenticated":true}}"#
        #expect(try self.harness.violations(spec: spec) == [
            "spec.client.networks[0].except[0]: except \"10.1.0.0/16\" negates the whole cidr \"10.1.1.0/24\"; an exception must be narrower than its cidr"
        ])
    }

    @Test func rejectsExceptNotInCIDR() throws {
        let spec = #"{"server":{"selector":{"matchLabels":{"app":"web"}}},"client":{"networks":[{"cidr":"10.1.1.0/24","except":["10.1.2.0/24"]}],"unauthenticated":true}}"#
        #expect(try self.harness.violations(spec: spec) == [
            "spec.client.networks[0].except[0]: except \"10.1.2.0/24\" is not inside cidr \"10.1.1.0/24\"; an exception must lie inside its cidr"
        ])
    }

    @Test func rejectsSPIFFEIdentityAndUppercaseServiceAccount() throws {
        let spec = #"{"server":{"selector":{"matchLabels":{"app":"web"}}},"client":{"meshTLS":{"identities":["spiffe://td/ns/a"]}}}"#
        #expect(try self.harness.violations(spec: spec) == [
            "spec.client.meshTLS.identities[0]: invalid value \"spiffe://td/ns/a\"; must be \(MeshIdentity.dnsLikeAllowed)"
        ])
        let accounts = #"{"server":{"selector":{"matchLabels":{"app":"web"}}},"client":{"meshTLS":{"serviceAccounts":[{"name":"Prometheus"}]}}}"#
        #expect(try self.harness.violations(spec: accounts) == [
            "spec.client.meshTLS.serviceAccounts[0].name: invalid value \"Prometheus\"; must be a DNS-1123 label (at most 63 lowercase letters, digits and '-', beginning and ending alphanumeric)"
        ])
    }

    @Test func warnsWhenNamedServerIsMissing() throws {
        let report = try self.harness.report(spec: #"{"server":{"name":"web-http"},"client":{"unauthenticated":true}}"#)
        #expect(report.violations == [])
        #expect(report.warnings == [
            "spec.server.name: Server \"web-http\" not found in namespace \"shop\"; it applies once the Server exists"
        ])
        #expect(report.warnings.allSatisfy { $0.count < 120 })
    }

    /// Under 120 characters, counted as characters: a name of two-byte letters keeps the whole warning past 120
    /// bytes, a long ASCII name drops the second sentence, and a longer one shows only a prefix.
    @Test(arguments: [
        (String(repeating: "\u{00E9}", count: 25), "; it applies once the Server exists"),
        (String(repeating: "w", count: 40), "not found in namespace \"shop\""),
        (String(repeating: "w", count: 100), "not found"),
    ])
    func missingServerWarningIsShortenedByCharacters(_ name: String, _ ending: String) throws {
        let report = try self.harness.report(spec: #"{"server":{"name":"\#(name)"},"client":{"unauthenticated":true}}"#)
        let warning = try #require(report.warnings.first { $0.contains("not found") })
        #expect(warning.hasSuffix(ending))
        #expect(warning.count < 120)
    }

    @Test func doesNotWarnWhenNamedServerIsCached() throws {
        var harness = self.harness
        harness.snapshot = ClusterSnapshot(inventory: [
            try JSONDecoding.decode(Array(#"{"apiVersion":"policy.linkerd.io/v1beta3","kind":"Server","metadata":{"name":"web-http","namespace":"shop"},"spec":{"podSelector":{"matchLabels":{"app":"web"}},"port":80}}"#.utf8))
        ])
        let report = try harness.report(spec: #"{"server":{"name":"web-http"},"client":{"unauthenticated":true}}"#)
        #expect(report.warnings == [])
    }
}
