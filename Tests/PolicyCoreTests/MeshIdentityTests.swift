import PolicyCore
import Testing

/// Identity strings. The SPIFFE rows follow linkerd2 `runtime/src/validation.rs` tests and the SPIFFE-ID
/// standard (https://github.com/spiffe/spiffe/blob/main/standards/SPIFFE-ID.md); the DNS-like rows the CRD pattern.
@Suite struct MeshIdentityTests {
    @Test(arguments: [
        "*", "example.id", "*.emojivoto.serviceaccount.identity.linkerd.cluster.local",
        "web.emojivoto.serviceaccount.identity.linkerd.cluster.local", "a-b.c1", "spiffe://trust.domain",
        "spiffe://root.linkerd.cluster.local/ns/emojivoto/sa/web", "spiffe://a-b_c.d/Path_With-Caps.1",
    ])
    func meshTLSIdentityIsAccepted(_ identity: String) {
        #expect(MeshIdentity.isValid(identity))
    }

    @Test(arguments: [
        "", "Web.Emojivoto", "vote-bot.emojivoto.*", "a.*.b", "**", "*.", ".a", "a..b", "-a.b", "a-.b",
        "spiffe://", "spiffe://test.org/", "spiffe://test.org/ns/./sa", "spiffe://test.org/ns/../sa",
        "spiffe://test.org//sa", "spiffe://Test.org/sa", "spiffe://test.org/s a", "spiffe:/test.org",
    ])
    func invalidMeshTLSIdentityIsRejected(_ identity: String) {
        #expect(!MeshIdentity.isValid(identity))
    }

    @Test(arguments: ["spiffe://root.linkerd.cluster.local/ns/emojivoto/sa/web", "vote-bot.emojivoto.*"])
    func serverAuthorizationIdentityHasNoSPIFFE(_ identity: String) {
        #expect(!MeshIdentity.isDNSLike(identity))
    }
}
