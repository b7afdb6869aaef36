import PolicyCore
import Testing

/// MeshTLSAuthentication rules; names follow linkerd2 `policy-test/tests/admit_meshtls_authentication.rs`.
@Suite struct MeshTLSAuthenticationValidatorTests {
    let harness = ValidatorHarness(MeshTLSAuthenticationValidator(), version: "v1alpha1", kind: "MeshTLSAuthentication")

    @Test func acceptsValidRef() throws {
        #expect(try self.harness.violations(spec: #"{"identityRefs":[{"kind":"ServiceAccount","name":"default","namespace":"other"},{"kind":"Namespace","name":"linkerd"}]}"#) == [])
    }

    @Test func acceptsStrings() throws {
        #expect(try self.harness.violations(spec: #"{"identities":["example.id","*","spiffe://td/ns/web"]}"#) == [])
    }

    @Test func rejectsEmpty() throws {
        #expect(try self.harness.violations(spec: "{}") == ["spec: exactly one of identities or identityRefs must be set, found neither"])
    }

    @Test func rejectsEmptyList() throws {
        #expect(try self.harness.violations(spec: #"{"identities":[]}"#) == ["spec.identities: is empty; list at least one identity"])
    }

    @Test func rejectsBothRefsAndStrings() throws {
        #expect(try self.harness.violations(spec: #"{"identities":["a.b"],"identityRefs":[{"kind":"ServiceAccount","name":"default"}]}"#) == [
            "spec: exactly one of identities or identityRefs must be set, found both"
        ])
    }

    @Test func rejectsNamespacedNamespace() throws {
        #expect(try self.harness.violations(spec: #"{"identityRefs":[{"kind":"Namespace","name":"default","namespace":"default"}]}"#) == [
            "spec.identityRefs[0].namespace: a Namespace identityRef is cluster-scoped and cannot have a namespace (found \"default\"); remove namespace"
        ])
    }

    @Test func rejectsInvalidIdentityAndRefs() throws {
        let spec = #"{"identityRefs":[{"group":"apps","kind":"Deployment","name":"web"},{"kind":"ServiceAccount"}]}"#
        #expect(try self.harness.violations(spec: spec) == [
            "spec.identityRefs[0]: unsupported identityRef kind Deployment.apps; must be a ServiceAccount or a Namespace",
            "spec.identityRefs[1].name: is required; an identityRef names its ServiceAccount",
        ])
        #expect(try self.harness.violations(spec: #"{"identities":["Web.Emojivoto"]}"#) == [
            "spec.identities[0]: invalid identity \"Web.Emojivoto\"; must be \(MeshIdentity.allowed)"
        ])
    }
}
