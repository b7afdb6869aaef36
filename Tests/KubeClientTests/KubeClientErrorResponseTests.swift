import HTTP1Codec
import KubeClient
import Testing

/// A response the HTTP parser refuses becomes a KubeClientError of the matching kind, decided by the parser's error
/// kind, not by its text.
struct KubeClientErrorResponseTests {
    @Test func exceededBoundsBecomeOversized() {
        #expect(KubeClientError.response(.oversized("the response head exceeds 64 bytes")) == .oversized(""))
        #expect(KubeClientError.response(.headTooLarge()) == .oversized(""))
    }

    @Test func brokenBytesBecomeMalformedResponses() {
        #expect(KubeClientError.response(.malformed("bad status line")) == .malformedResponse(""))
        #expect(KubeClientError.response(.malformed("x")).reason == "x")
    }
}
