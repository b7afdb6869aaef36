import KubeCache
import KubeClient
import PolicyAPI
import PolicyCore
import Testing
import WebhookRuntime

/// End to end through the fake API server: the reflectors feed the store, and the admission endpoint's overlap
/// verdicts follow the cluster as pods and Servers change, without a call to the API server per review.
@Suite(.serialized, .timeLimit(.minutes(1))) struct LiveOverlapVerdictTests {
    static func review(_ name: String, port: JSONValue, selector: [String: String] = ["app": "web"]) -> [UInt8] {
        var writer = JSONWriter()
        writer.value(.object([
            "apiVersion": .string("admission.k8s.io/v1"), "kind": .string("AdmissionReview"),
            "request": .object([
                "uid": .string("uid-\(name)"), "name": .string(name), "namespace": .string("shop"),
                "operation": .string("CREATE"),
                "kind": .object(["group": .string("policy.linkerd.io"), "version": .string("v1beta3"), "kind": .string("Server")]),
                "object": ObjectBuilder.server("shop", name, selector: selector, port: port),
            ]),
        ]))
        return writer.bytes
    }

    @Test func verdictsFollowTheWatchedCluster() async throws {
        try await CacheHarness.run(prepare: { server in
            server.upsert(.pods, ObjectBuilder.pod("shop", "web-1"))
            server.upsert(.servers, ObjectBuilder.server("shop", "web-http", selector: ["app": "web"], port: .string("http")))
        }) { cache in
            let endpoint = AdmissionEndpoint(
                controller: AdmissionController(), snapshots: cache.store, onServerAdmitted: { cache.store.recordAdmitted($0) })
            #expect(await cache.eventually { cache.store.snapshot().isSynced })
            // The cached Server already selects web-1:8080 through its named port.
            let denied = endpoint.answer(body: Self.review("web-8080", port: .integer(8080))).response
            #expect(denied?.isAllowed == false)
            #expect(denied?.message?.contains(#"would select pod web-1/8080, already selected by Server "web-http""#) == true)
            // The other Server is deleted in the cluster: once the watch reports it, the same review is admitted.
            cache.server.delete(.servers, namespace: "shop", name: "web-http")
            #expect(await cache.eventually { cache.store.snapshot().server(namespace: "shop", name: "web-http") == nil })
            #expect(endpoint.answer(body: Self.review("web-8080", port: .integer(8080))).response?.isAllowed == true)
            // Admitted for real: a conflicting Server right after is refused before any watch event.
            #expect(endpoint.answer(body: Self.review("web-copy", port: .integer(8080))).response?.isAllowed == false)
        }
    }
}
