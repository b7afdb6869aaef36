import PolicyCore
import Testing

/// AuthorizationPolicy rules; names follow linkerd2 `policy-test/tests/admit_authorization_policy.rs`.
@Suite struct AuthorizationPolicyValidatorTests {
    let harness = ValidatorHarness(AuthorizationPolicyValidator(), version: "v1alpha1", kind: "AuthorizationPolicy")

    /// A spec targeting `target` with the given authentication references.
    func spec(target: String = #"{"group":"policy.linkerd.io","kind":"HTTPRoute","name":"r"}"#, refs: String) -> String {
        #"{"targetRef":\#(target),"requiredAuthenticationRefs":[\#(refs)]}"#
    }

    @Test func acceptsValid() throws {
        let refs = #"{"group":"policy.linkerd.io","kind":"MeshTLSAuthentication","name":"m"},{"group":"policy.linkerd.io","kind":"NetworkAuthentication","name":"n"}"#
        #expect(try self.harness.violations(spec: self.spec(refs: refs)) == [])
    }

    @Test func acceptsTargetsNamespace() throws {
        #expect(try self.harness.violations(spec: self.spec(target: #"{"kind":"Namespace","name":"shop"}"#, refs: "")) == [])
    }

    @Test func acceptsCaseInsensitiveKinds() throws {
        let target = #"{"group":"policy.linkerd.io","kind":"SERVER","name":"s"}"#
        let refs = #"{"group":"core","kind":"serviceaccount","name":"web"}"#
        #expect(try self.harness.violations(spec: self.spec(target: target, refs: refs)) == [])
    }

    @Test func rejectsTargetsOtherNamespace() throws {
        #expect(try self.harness.violations(spec: self.spec(target: #"{"kind":"Namespace","name":"other"}"#, refs: "")) == [
            "spec.targetRef.name: cannot target another namespace \"other\"; a Namespace target must be the policy's own namespace \"shop\""
        ])
    }

    @Test func rejectsTargetRefDeployment() throws {
        #expect(try self.harness.violations(spec: self.spec(target: #"{"group":"apps","kind":"Deployment","name":"d"}"#, refs: "")) == [
            "spec.targetRef: unsupported targetRef kind Deployment.apps; must be a policy.linkerd.io Server or HTTPRoute, a gateway.networking.k8s.io HTTPRoute or GRPCRoute, or the policy's own Namespace"
        ])
    }

    @Test func rejectsDuplicateMTLSAuthns() throws {
        let refs = #"{"group":"policy.linkerd.io","kind":"MeshTLSAuthentication","name":"a"},{"group":"policy.linkerd.io","kind":"MeshTLSAuthentication","name":"b"}"#
        #expect(try self.harness.violations(spec: self.spec(refs: refs)) == [
            "spec.requiredAuthenticationRefs: found 2 MeshTLSAuthentication references; at most one MeshTLSAuthentication may be set"
        ])
    }

    @Test func rejectsMTLSAuthnWithServiceAccount() throws {
        let refs = #"{"group":"policy.linkerd.io","kind":"MeshTLSAuthentication","name":"a"},{"kind":"ServiceAccount","name":"web"}"#
        #expect(try self.harness.violations(spec: self.spec(refs: refs)) == [
            "spec.requiredAuthenticationRefs: found a MeshTLSAuthentication and a ServiceAccount; they may not be set together"
        ])
    }

    @Test func rejectsDuplicateNetworkAuthnsAndUnsupportedKind() throws {
        let refs = #"{"group":"policy.linkerd.io","kind":"NetworkAuthentication","name":"a"},{"group":"policy.linkerd.io","kind":"NetworkAuthentication","name":"b"},{"kind":"Secret","name":"t"}"#
        #expect(try self.harness.violations(spec: self.spec(refs: refs)) == [
            "spec.requiredAuthenticationRefs[2]: unsupported authentication kind Secret; must be a policy.linkerd.io MeshTLSAuthentication or NetworkAuthentication, or a ServiceAccount",
            "spec.requiredAuthenticationRefs: found 2 NetworkAuthentication references; at most one NetworkAuthentication may be set",
        ])
    }

    @Test func rejectsMissingTargetName() throws {
        #expect(try self.harness.violations(spec: self.spec(target: #"{"group":"policy.linkerd.io","kind":"Server"}"#, refs: "")) == [
            "spec.targetRef.name: is required"
        ])
    }

    @Test func warnsOnlyForMissingServerTargets() throws {
        let server = try self.harness.report(spec: self.spec(target: #"{"group":"policy.linkerd.io","kind":"Server","name":"webapp"}"#, refs: ""))
        #expect(server.warnings == ["spec.targetRef: Server \"webapp\" not found in namespace \"shop\"; it applies once the Server exists"])
        let route = try self.harness.report(spec: self.spec(refs: ""))
        #expect(route.warnings == [])
    }
}
