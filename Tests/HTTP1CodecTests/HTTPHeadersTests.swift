import HTTP1Codec
import Testing

/// Header lookup by name ignores ASCII case only, and the request's path stops at the first `?`.
struct HTTPHeadersTests {
    static let headers: HTTPHeaders = [
        "Content-Type": "application/json",
        "CONNECTION": "Upgrade, Keep-Alive",
        "x-Trace": "a",
        "X-TRACE": "b",
        "X[": "c",
    ]

    @Test func lookupIgnoresTheCaseOfEitherName() {
        #expect(Self.headers["content-type"] == "application/json")
        #expect(Self.headers["CONTENT-TYPE"] == "application/json")
        #expect(Self.headers["cOnTeNt-TyPe"] == "application/json")
        #expect(Self.headers.values(named: "X-Trace") == ["a", "b"])
    }

    @Test func lookupMatchesWholeNamesOfTheSameBytesOnly() {
        #expect(Self.headers["Content-Typ"] == nil)
        #expect(Self.headers["Content-Types"] == nil)
        #expect(Self.headers["Content_Type"] == nil)
        // `{` is `[` plus 0x20, as `a` is `A` plus 0x20: only letters fold.
        #expect(Self.headers["x["] == "c")
        #expect(Self.headers["x{"] == nil)
        #expect(Self.headers["Content-Typé"] == nil)
    }

    @Test func tokenListsAreSearchedCaseInsensitivelyWithSpacesAroundItems() {
        #expect(Self.headers.contains(token: "keep-alive", inHeader: "connection"))
        #expect(Self.headers.contains(token: "UPGRADE", inHeader: "Connection"))
        #expect(!Self.headers.contains(token: "close", inHeader: "Connection"))
        #expect(!Self.headers.contains(token: "keep", inHeader: "Connection"))
    }

    @Test func emptyItemsAndTabsInTokenListsAreSkipped() {
        let headers: HTTPHeaders = ["Connection": ",\tclose ,,", "Transfer-Encoding": ""]
        #expect(headers.contains(token: "Close", inHeader: "connection"))
        #expect(!headers.contains(token: "chunked", inHeader: "Transfer-Encoding"))
        #expect(!headers.contains(token: "close", inHeader: "Transfer-Encoding"))
    }

    @Test func substringNamesMatchToo() {
        let text = "xx Content-Type yy"
        let name = text.dropFirst(3).prefix(12)
        #expect(Self.headers[String(name)] == "application/json")
        #expect(Self.headers.values(named: String(name.lowercased())) == ["application/json"])
    }

    @Test(arguments: [
        ("/validate?timeout=10s", "/validate"),
        ("/validate", "/validate"),
        ("/?", "/"),
        ("?a", ""),
        ("/a?b?c", "/a"),
        ("/é/ü?x=1", "/é/ü"),
    ])
    func pathIsTheTargetBeforeItsFirstQuestionMark(_ target: String, _ path: String) {
        #expect(HTTPRequest(method: "GET", target: target).path == path)
    }

    @Test func keepAliveFollowsTheConnectionHeaderInAnyCase() {
        #expect(!HTTPRequest(method: "GET", target: "/", headers: ["connection": "CLOSE"]).isKeepAlive)
        #expect(HTTPRequest(method: "GET", target: "/", headers: ["Connection": "keep-alive"]).isKeepAlive)
        #expect(!HTTPRequest(method: "GET", target: "/", minorVersion: 0).isKeepAlive)
        #expect(HTTPRequest(method: "GET", target: "/", minorVersion: 0, headers: ["CONNECTION": "Keep-Alive"]).isKeepAlive)
    }
}
