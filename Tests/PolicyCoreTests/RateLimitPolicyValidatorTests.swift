import PolicyCore
import Testing

/// HTTPLocalRateLimitPolicy; names follow linkerd2 `policy-test/tests/admit_http_local_ratelimit_policy.rs`.
@Suite struct RateLimitPolicyValidatorTests {
    typealias B = RouteBuilder

    static let server = #""targetRef":{"group":"policy.linkerd.io","kind":"Server","name":"api"}"#
    static let client = #"{"kind":"ServiceAccount","name":"sa-1","namespace":"linkerd"}"#

    @Test func acceptsValid() {
        let spec = #"{\#(Self.server),"total":{"requestsPerSecond":1000},"identity":{"requestsPerSecond":100},"overrides":[{"requestsPerSecond":200,"clientRefs":[\#(Self.client)]}]}"#
        #expect(B.rateLimitViolations(spec) == [])
    }

    @Test func rejectsTargetRefDeployment() {
        let spec = #"{"targetRef":{"group":"apps","kind":"Deployment","name":"api"}}"#
        #expect(
            B.rateLimitViolations(spec) == [
                "spec.targetRef: invalid targetRef kind Deployment.apps; must be a policy.linkerd.io Server"
            ]
        )
    }

    @Test func rejectsServerWithoutGroup() {
        #expect(
            B.rateLimitViolations(#"{"targetRef":{"kind":"Server","name":"api"}}"#) == [
                "spec.targetRef: invalid targetRef kind Server; must be a policy.linkerd.io Server"
            ]
        )
    }

    @Test func rejectsZeroAndUnreadableRates() {
        let spec = #"{\#(Self.server),"total":{"requestsPerSecond":-5},"identity":{"requestsPerSecond":0},"overrides":[{"requestsPerSecond":4294967296,"clientRefs":[]}]}"#
        #expect(
            B.rateLimitViolations(spec) == [
                "spec.total.requestsPerSecond: -5 cannot be read as a rate; must be a whole number from 1 to 4294967295",
                "spec.identity.requestsPerSecond: is 0; must be greater than 0",
                "spec.overrides[0].requestsPerSecond: 4294967296 cannot be read as a rate; must be a whole number from 1 to 4294967295",
            ]
        )
    }

    @Test func rejectsIdentityAndOverrideAboveTotal() {
        let spec = #"{\#(Self.server),"total":{"requestsPerSecond":100},"identity":{"requestsPerSecond":101},"overrides":[{"requestsPerSecond":2000,"clientRefs":[\#(Self.client)]}]}"#
        #expect(
            B.rateLimitViolations(spec) == [
                "spec.identity.requestsPerSecond: identity rate 101 exceeds the total rate 100; must be at most total.requestsPerSecond",
                "spec.overrides[0].requestsPerSecond: override rate 2000 exceeds the total rate 100; must be at most total.requestsPerSecond",
            ]
        )
    }

    @Test func rejectsClientRefNotServiceAccount() {
        let spec = #"{\#(Self.server),"overrides":[{"requestsPerSecond":5,"clientRefs":[{"group":"apps","kind":"Deployment","name":"web"}]}]}"#
        #expect(
            B.rateLimitViolations(spec) == [
                "spec.overrides[0].clientRefs[0]: invalid client kind Deployment.apps; overrides.clientRefs must be ServiceAccounts"
            ]
        )
    }

    @Test func rejectsSchemaViolations() {
        let spec = #"{"targetRef":{"group":"policy.linkerd.io","kind":"Server"},"total":{},"overrides":[{"requestsPerSecond":"10"}]}"#
        #expect(
            Set(B.rateLimitViolations(spec)) == [
                "spec.targetRef.name: is required",
                "spec.total.requestsPerSecond: is required",
                "spec.overrides[0].clientRefs: is required",
                "spec.overrides[0].requestsPerSecond: must be an integer, found string",
            ]
        )
    }
}
