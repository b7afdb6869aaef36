import KubeCache
import PolicyAPI
import PolicyCore
import WebhookRuntime

/// The whole admission path (`AdmissionEndpoint.answer`: decode, validate against a snapshot, encode) over any
/// body.
///
/// Invariants: no trap; the status is 200 exactly when the body is an AdmissionReview, else 400; every answer is
/// JSON; a 200 answer is an AdmissionReview whose `response.uid` echoes the request's uid (the API server rejects
/// any other) and whose `allowed` is a boolean.
enum AdmissionFuzz {
    /// A small cluster, so overlap and missing-workload checks run: two Pods and a Server in `emojivoto`.
    static let inventory = """
        {"apiVersion":"v1","kind":"List","items":[
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","namespace":"emojivoto","labels":{"app":"web-svc"}},
         "spec":{"containers":[{"name":"web","ports":[{"name":"http","containerPort":8080,"protocol":"TCP"}]}]}},
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"emoji-1","namespace":"emojivoto","labels":{"app":"emoji-svc"}},
         "spec":{"containers":[{"name":"emoji","ports":[{"name":"grpc","containerPort":8080}]}]}},
        {"apiVersion":"policy.linkerd.io/v1beta3","kind":"Server","metadata":{"name":"emoji-grpc","namespace":"emojivoto"},
         "spec":{"podSelector":{"matchLabels":{"app":"emoji-svc"}},"port":"grpc","proxyProtocol":"gRPC"}}
        ]}
        """

    static let endpoint: AdmissionEndpoint = {
        var objects: [JSONValue] = []
        if let list = try? JSONDecoding.decode(Array(Self.inventory.utf8)), let items = list["items"]?.arrayValue {
            objects = items
        }
        require(objects.count == 3, "the fuzz inventory does not parse")
        return AdmissionEndpoint(
            controller: AdmissionController(configuration: AdmissionConfiguration()),
            snapshots: StaticSnapshotProvider(ClusterSnapshot(inventory: objects)),
            onServerAdmitted: { _ in }
        )
    }()

    static func run(_ bytes: [UInt8]) {
        let answer = Self.endpoint.answer(body: bytes)
        let parsed = try? AdmissionReview.parse(bytes)
        require(answer.status == (parsed == nil ? 400 : 200), "status \(answer.status) for a body that parses: \(parsed != nil)")
        let reply: JSONValue
        do {
            reply = try JSONDecoding.decode(answer.body)
        } catch {
            fatalError("invariant violated: the answer is not JSON: \(error)")
        }
        guard let review = parsed else {
            require(reply["error"]?.stringValue != nil, "a 400 answer without an error string")
            return
        }
        require(reply["kind"]?.stringValue == "AdmissionReview", "the answer is not an AdmissionReview")
        require(reply["response"]?["uid"]?.stringValue == review.request.uid, "the answer does not echo the uid")
        require(reply["response"]?["allowed"]?.boolValue != nil, "the answer has no boolean allowed")
    }
}
