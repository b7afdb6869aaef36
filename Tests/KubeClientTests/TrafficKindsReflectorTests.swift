import Foundation
import KubeCache
import KubeClient
import PolicyAPI
import Testing

/// The reflectors of what rule 8 reads (AuthorizationPolicies, ServerAuthorizations, HTTPRoutes of both groups, pods'
/// HTTP probes) against the fake API server: listed, watched, deleted.
@Suite(.serialized, .timeLimit(.minutes(1))) struct TrafficKindsReflectorTests {
    static func authorizationPolicy(_ namespace: String, _ name: String, server: String) -> JSONValue {
        .object([
            "apiVersion": .string("policy.linkerd.io/v1alpha1"), "kind": .string("AuthorizationPolicy"),
            "metadata": .object(["namespace": .string(namespace), "name": .string(name)]),
            "spec": .object([
                "targetRef": .object(["group": .string("policy.linkerd.io"), "kind": .string("Server"), "name": .string(server)]),
                "requiredAuthenticationRefs": .array([]),
            ]),
        ])
    }

    static func serverAuthorization(_ namespace: String, _ name: String, selecting labels: [String: String]) -> JSONValue {
        .object([
            "apiVersion": .string("policy.linkerd.io/v1beta1"), "kind": .string("ServerAuthorization"),
            "metadata": .object(["namespace": .string(namespace), "name": .string(name)]),
            "spec": .object([
                "server": .object(["selector": .object(["matchLabels": .object(JSONObject(labels.mapValues(JSONValue.string)))])]),
                "client": .object(["unauthenticated": .bool(true)]),
            ]),
        ])
    }

    static func route(_ apiVersion: String, _ namespace: String, _ name: String, server: String, prefix: String) -> JSONValue {
        .object([
            "apiVersion": .string(apiVersion), "kind": .string("HTTPRoute"),
            "metadata": .object(["namespace": .string(namespace), "name": .string(name)]),
            "spec": .object([
                "parentRefs": .array([.object(["group": .string("policy.linkerd.io"), "kind": .string("Server"), "name": .string(server)])]),
                "rules": .array([
                    .object(["matches": .array([.object(["path": .object(["type": .string("PathPrefix"), "value": .string(prefix)])])])])
                ]),
            ]),
        ])
    }

    /// A pod with a readiness probe on its named port and its own default-inbound-policy annotation.
    static func probedPod(_ namespace: String, _ name: String) -> JSONValue {
        guard case .object(var pod) = ObjectBuilder.pod(namespace, name), case .object(var metadata)? = pod["metadata"] else {
            return .null
        }
        metadata["annotations"] = .object(["config.linkerd.io/default-inbound-policy": .string("deny"), "other": .string("x")])
        pod["metadata"] = .object(metadata)
        pod["spec"] = .object([
            "containers": .array([
                .object([
                    "name": .string("main"),
                    "ports": .array([.object(["name": .string("http"), "containerPort": .integer(8080)])]),
                    "readinessProbe": .object(["httpGet": .object(["port": .string("http"), "path": .string("/ready?full=1")])]),
                    "livenessProbe": .object(["tcpSocket": .object(["port": .integer(8080)])]),
                ])
            ])
        ])
        return .object(pod)
    }

    static func seed(_ server: FakeAPIServer) {
        server.upsert(.pods, Self.probedPod("shop", "web-1"))
        server.upsert(.servers, ObjectBuilder.server("shop", "web-http", selector: ["app": "web"], port: .string("http")))
        server.upsert(.authorizationPolicies, Self.authorizationPolicy("shop", "web-authn", server: "web-http"))
        server.upsert(.authorizationPolicies, Self.authorizationPolicy("shop", "api-authn", server: "api-http"))
        server.upsert(.serverAuthorizations, Self.serverAuthorization("shop", "front", selecting: ["tier": "front"]))
        server.upsert(.policyHTTPRoutes, Self.route("policy.linkerd.io/v1beta3", "shop", "web-api", server: "web-http", prefix: "/api"))
        server.upsert(.gatewayHTTPRoutes, Self.route("gateway.networking.k8s.io/v1", "shop", "web-static", server: "web-http", prefix: "/static"))
    }

    @Test func listedAuthorizationsRoutesAndProbesReachTheSnapshot() async throws {
        try await CacheHarness.run(prepare: Self.seed) { cache in
            #expect(await cache.eventually { cache.store.snapshot().isSynced })
            let snapshot = cache.store.snapshot()
            #expect(
                snapshot.counts
                    == ClusterSnapshot.Counts(
                        pods: 1, servers: 1, authorizationPolicies: 2, serverAuthorizations: 1, policyRoutes: 1, gatewayRoutes: 1))
            let shop = try #require(snapshot.namespaces["shop"])
            #expect(shop.authorizations["AuthorizationPolicy/web-authn"]?.target == .server("web-http"))
            #expect(shop.authorizations["ServerAuthorization/front"]?.target == .serverSelector(LabelSelector(matchLabels: ["tier": "front"])))
            #expect(shop.routes["policy.linkerd.io/web-api"]?.serverParents == ["web-http"])
            #expect(shop.routes["gateway.networking.k8s.io/web-static"]?.rules == [[.prefix("/static")]])
            let pod = try #require(shop.pods["web-1"])
            #expect(pod.probes == [HTTPProbe(port: 8080, path: "/ready")])
            #expect(pod.hasOwnDefaultPolicy)
            #expect(cache.status(.gatewayHTTPRoutes).objectCount == 1)
        }
    }

    @Test func watchEventsChangeAndDeleteAuthorizationsAndRoutes() async throws {
        try await CacheHarness.run(prepare: Self.seed) { cache in
            #expect(await cache.eventually { cache.store.snapshot().isSynced })
            cache.server.delete(.authorizationPolicies, namespace: "shop", name: "web-authn")
            cache.server.delete(.gatewayHTTPRoutes, namespace: "shop", name: "web-static")
            cache.server.upsert(.policyHTTPRoutes, Self.route("policy.linkerd.io/v1beta3", "shop", "web-api", server: "web-http", prefix: "/v2"))
            #expect(await cache.eventually {
                let shop = cache.store.snapshot().namespaces["shop"]
                return shop?.authorizations["AuthorizationPolicy/web-authn"] == nil
                    && shop?.authorizations["AuthorizationPolicy/api-authn"] != nil
                    && shop?.routes["gateway.networking.k8s.io/web-static"] == nil
                    && shop?.routes["policy.linkerd.io/web-api"]?.rules == [[.prefix("/v2")]]
            })
        }
    }

    @Test func missingGatewayAPICollectionCountsAsSyncedAndEmpty() async throws {
        try await CacheHarness.run(
            prepare: { server in
                Self.seed(server)
                server.state.withLock { $0.missingKinds = [.gatewayHTTPRoutes] }
            },
            configure: { $0.optionalKinds = [.gatewayHTTPRoutes] }
        ) { cache in
            #expect(await cache.eventually { cache.store.snapshot().isSynced })
            #expect(cache.status(.gatewayHTTPRoutes).isMissing)
            #expect(cache.store.snapshot().counts.gatewayRoutes == 0)
            #expect(cache.store.snapshot().counts.policyRoutes == 1)
        }
    }
}
