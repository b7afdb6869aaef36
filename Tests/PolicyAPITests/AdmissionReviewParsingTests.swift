import PolicyAPI
import Testing

@Suite struct AdmissionReviewParsingTests {
    static func body(_ apiVersion: String = "admission.k8s.io/v1", request: String) -> [UInt8] {
        Array(#"{"apiVersion":"\#(apiVersion)","kind":"AdmissionReview","request":\#(request)}"#.utf8)
    }

    static let serverRequest = #"""
        {"uid":"u-1","kind":{"group":"policy.linkerd.io","version":"v1beta3","kind":"Server"},"name":"web","namespace":"shop",
         "operation":"UPDATE","object":{"spec":{"port":8080}},"oldObject":{"spec":{"port":80}},"dryRun":true}
        """#

    @Test func v1ReviewDecodesEveryField() throws {
        let review = try AdmissionReview.parse(Self.body(request: Self.serverRequest))
        #expect(review.version == .v1)
        #expect(review.request.uid == "u-1")
        #expect(review.request.kind == GroupVersionKind(group: "policy.linkerd.io", version: "v1beta3", kind: "Server"))
        #expect(review.request.operation == .update)
        #expect(review.request.name == "web")
        #expect(review.request.namespace == "shop")
        #expect(review.request.object?["spec"]?["port"] == .integer(8080))
        #expect(review.request.oldObject?["spec"]?["port"] == .integer(80))
        #expect(review.request.isDryRun)
    }

    @Test func v1beta1ReviewIsAnsweredInV1beta1() throws {
        let review = try AdmissionReview.parse(Self.body("admission.k8s.io/v1beta1", request: Self.serverRequest))
        #expect(review.version == .v1beta1)
        let answer = AdmissionResponse(uid: "u-1", isAllowed: true).encodedReview(version: review.version)
        #expect(String(decoding: answer, as: UTF8.self)
            == #"{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","response":{"uid":"u-1","allowed":true}}"#)
    }

    @Test(arguments: [
        ("", "the request body is empty; expected an AdmissionReview"),
        ("apiVersion: v1", "the body is not valid JSON: unexpected character at byte 0; expected an AdmissionReview JSON object"),
        ("[1,2]", "the body is a JSON array; expected an AdmissionReview object"),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"Pod"}"#, "kind: must be \"AdmissionReview\""),
        (#"{"apiVersion":"admission.k8s.io/v2","kind":"AdmissionReview"}"#,
         "apiVersion: must be admission.k8s.io/v1 or admission.k8s.io/v1beta1"),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}"#, "request: missing or not an object"),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":7}}"#,
         "request.uid: missing or not a non-empty string"),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"a","operation":"CREATE"}}"#,
         "request.kind: missing or not a {group, version, kind} object"),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"a","kind":{"kind":"Server"}}}"#,
         "request.operation: missing or not a string"),
        // A syntax error wins over a member that is missing so far.
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"a""#,
         "the body is not valid JSON: expected ',' or '}' in an object at byte 81; expected an AdmissionReview JSON object"),
        ("\"a long string root\"", "the body is a JSON string; expected an AdmissionReview object"),
        ("-1.5e3", "the body is a JSON number; expected an AdmissionReview object"),
        ("7", "the body is a JSON integer; expected an AdmissionReview object"),
    ])
    func malformedBodyIsRejectedWithReason(_ body: String, _ reason: String) {
        #expect(throws: AdmissionReviewError(reason: reason)) { try AdmissionReview.parse(Array(body.utf8)) }
    }

    /// Builds only the `spec` of a Server and nothing of any other kind: shows which kind's plan built an object.
    struct SpecOfServers: ObjectReadPlans {
        func readPlan(for kind: GroupVersionKind) -> JSONReadPlan {
            kind.kind == "Server" ? .members(["spec": .all], otherwise: .skip) : .skip
        }
    }

    static let specOnly = JSONValue.object(JSONObject(["spec": .object(JSONObject(["port": .integer(1)]))]))

    @Test func anObjectBeforeTheKindIsBuiltByTheKindsPlan() throws {
        let request = #"""
            {"object":{"spec":{"port":1},"status":{"phase":"x"}},"oldObject":null,"uid":"u","operation":"CREATE",
             "kind":{"group":"policy.linkerd.io","version":"v1beta3","kind":"Server"}}
            """#
        let review = try AdmissionReview.parse(Self.body(request: request), objectPlans: SpecOfServers())
        #expect(review.request.object == Self.specOnly)
        #expect(review.request.oldObject == nil)
    }

    @Test func aRepeatedKindBuildsTheObjectByTheLastOne() throws {
        let serverThenPod = #"{"uid":"u","operation":"CREATE","kind":{"kind":"Server"},"object":{"spec":{"port":1}},"kind":{"kind":"Pod"}}"#
        let asPod = try AdmissionReview.parse(Self.body(request: serverThenPod), objectPlans: SpecOfServers())
        #expect(asPod.request.kind.kind == "Pod")
        // Nothing of a Pod is built here: present, empty.
        #expect(asPod.request.object == .object(JSONObject()))

        let podThenServer = #"{"uid":"u","operation":"CREATE","kind":{"kind":"Pod"},"object":{"spec":{"port":1}},"kind":{"kind":"Server"}}"#
        let asServer = try AdmissionReview.parse(Self.body(request: podThenServer), objectPlans: SpecOfServers())
        #expect(asServer.request.object == Self.specOnly)
    }

    @Test func aRepeatedRequestCountsAloneAsTheLast() throws {
        let twice = #"""
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview",
             "request":{"uid":"a","name":"first","kind":{"kind":"Server"},"operation":"CREATE"},
             "request":{"uid":"b","kind":{"kind":"Server"},"operation":"DELETE"}}
            """#
        let review = try AdmissionReview.parse(Array(twice.utf8))
        #expect(review.request.uid == "b")
        #expect(review.request.name == "")
        #expect(review.request.operation == .delete)

        let thenNotAnObject = #"""
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview",
             "request":{"uid":"a","kind":{"kind":"Server"},"operation":"CREATE"},"request":[]}
            """#
        #expect(throws: AdmissionReviewError(reason: "request: missing or not an object")) {
            try AdmissionReview.parse(Array(thenNotAnObject.utf8))
        }
    }

    @Test func escapedKeysAndValuesAreReadLikeAnyOther() throws {
        // Keys spelled with escapes (one of them non-ASCII) take the parser's unescaping path.
        let escaped = #"""
            {"\u0061piVersion":"admission.k8s.io\/v1","kind":"AdmissionReview","r\u00e9quest":7,
             "request":{"uid":"u\u00e9","ki\u006ed":{"kind":"Server"},"operation":"CREATE","dry\u0052un":true,
             "obj\u0065ct":{"spec":{"port":1}}}}
            """#
        let review = try AdmissionReview.parse(Array(escaped.utf8))
        #expect(review.version == .v1)
        #expect(review.request.uid == "u\u{E9}")
        #expect(review.request.kind.kind == "Server")
        #expect(review.request.isDryRun)
        #expect(review.request.object == Self.specOnly)
    }

    @Test func membersOfAnotherTypeReadAsAbsent() throws {
        let request = #"{"uid":"u","kind":{"kind":"Server","group":7},"operation":"CREATE","name":5,"dryRun":"yes","object":null}"#
        let review = try AdmissionReview.parse(Self.body(request: request))
        #expect(review.request.kind == GroupVersionKind(group: "", version: "", kind: "Server"))
        #expect(review.request.name == "")
        #expect(!review.request.isDryRun)
        #expect(review.request.object == nil)
    }

    @Test func deniedResponseCarriesStatusAndWarnings() {
        let response = AdmissionResponse(uid: "u", isAllowed: false, statusCode: 403, message: "spec.port: bad \"x\"\n", warnings: ["w1"])
        #expect(String(decoding: response.encodedReview(version: .v1), as: UTF8.self)
            == #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u","allowed":false,"status":{"metadata":{},"code":403,"message":"spec.port: bad \"x\"\n","status":"Failure","reason":"Forbidden"},"warnings":["w1"]}}"#)
    }
}
