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
    ])
    func malformedBodyIsRejectedWithReason(_ body: String, _ reason: String) {
        #expect(throws: AdmissionReviewError(reason: reason)) { try AdmissionReview.parse(Array(body.utf8)) }
    }

    @Test func deniedResponseCarriesStatusAndWarnings() {
        let response = AdmissionResponse(uid: "u", isAllowed: false, statusCode: 403, message: "spec.port: bad \"x\"\n", warnings: ["w1"])
        #expect(String(decoding: response.encodedReview(version: .v1), as: UTF8.self)
            == #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u","allowed":false,"status":{"metadata":{},"code":403,"message":"spec.port: bad \"x\"\n","status":"Failure","reason":"Forbidden"},"warnings":["w1"]}}"#)
    }
}
