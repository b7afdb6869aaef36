import PolicyCore
import Testing

/// NetworkAuthentication and EgressNetwork rules; names follow linkerd2
/// `policy-test/tests/admit_network_authentication.rs` and `admit_egress_network.rs`.
@Suite struct NetworkValidatorTests {
    let networkAuthentication = ValidatorHarness(NetworkAuthenticationValidator(), version: "v1alpha1", kind: "NetworkAuthentication")
    let egressNetwork = ValidatorHarness(EgressNetworkValidator(), version: "v1alpha1", kind: "EgressNetwork")

    @Test func acceptsValid() throws {
        #expect(try self.networkAuthentication.violations(spec: #"{"networks":[{"cidr":"10.1.0.0/24"},{"cidr":"10.1.1.0/24","except":["10.1.1.0/28"]},{"cidr":"::/0","except":["fd00::/8"]}]}"#) == [])
    }

    @Test func rejectsEmpty() throws {
        #expect(try self.networkAuthentication.violations(spec: #"{"networks":[]}"#) == [
            "spec.networks: is empty; at least one network must be specified"
        ])
        #expect(try self.networkAuthentication.violations(spec: "{}") == ["spec.networks: is required"])
    }

    @Test func rejectsInvalidCIDR() throws {
        #expect(try self.networkAuthentication.violations(spec: #"{"networks":[{"cidr":"192.168.1.0/33"},{"cidr":"10.0.0.0/8","except":["bogus"]},{}]}"#) == [
            "spec.networks[0].cidr: invalid cidr \"192.168.1.0/33\"; \(Network.cidrRule)",
            "spec.networks[1].except[0]: invalid except \"bogus\"; \(Network.cidrRule)",
            "spec.networks[2].cidr: is required; a network names its cidr",
        ])
    }

    @Test func rejectsExceptWholeCIDR() throws {
        #expect(try self.networkAuthentication.violations(spec: #"{"networks":[{"cidr":"10.42.0.0/16","except":["10.42.0.0/16"]}]}"#) == [
            "spec.networks[0].except[0]: except \"10.42.0.0/16\" negates the whole cidr \"10.42.0.0/16\"; an exception must be narrower than its cidr"
        ])
    }

    @Test func rejectsExceptNotInCIDR() throws {
        #expect(try self.networkAuthentication.violations(spec: #"{"networks":[{"cidr":"2001:db8::/32","except":["2001:db9::/48","10.0.0.1"]}]}"#) == [
            "spec.networks[0].except[0]: except \"2001:db9::/48\" is not inside cidr \"2001:db8::/32\"; an exception must lie inside its cidr",
            "spec.networks[0].except[1]: except \"10.0.0.1\" is IPv4 but cidr \"2001:db8::/32\" is IPv6; an exception must be of the cidr's address family and lie inside it",
        ])
    }

    @Test func acceptsEgressNetworkWithoutNetworks() throws {
        #expect(try self.egressNetwork.violations(spec: #"{"trafficPolicy":"Deny"}"#) == [])
    }

    @Test func rejectsEgressNetworkEmptyNetworks() throws {
        #expect(try self.egressNetwork.violations(spec: #"{"trafficPolicy":"Allow","networks":[]}"#) == [
            "spec.networks: is empty; omit networks or specify at least one network"
        ])
    }

    @Test func rejectsEgressNetworkTrafficPolicy() throws {
        #expect(try self.egressNetwork.violations(spec: #"{"trafficPolicy":"allow"}"#) == [
            "spec.trafficPolicy: unsupported value \"allow\"; must be one of Allow, Deny"
        ])
        #expect(try self.egressNetwork.violations(spec: #"{"networks":[{"cidr":"0.0.0.0/0"}]}"#) == ["spec.trafficPolicy: is required"])
    }
}
