import Foundation
import KubeClient
import PolicyAPI
import WebhookRuntime

/// A mixed cluster on the fake API server for the audit tests: valid and invalid objects of several kinds in
/// namespaces `shop` and `other`, two Servers of `shop` that already overlap, and no EgressNetwork CRD (nor any
/// collection not stored here).
enum AuditCluster {
    static let servers = "/apis/policy.linkerd.io/v1beta3/servers"
    static let authorizationPolicies = "/apis/policy.linkerd.io/v1alpha1/authorizationpolicies"
    static let meshTLSAuthentications = "/apis/policy.linkerd.io/v1alpha1/meshtlsauthentications"
    static let networkAuthentications = "/apis/policy.linkerd.io/v1alpha1/networkauthentications"
    static let deployments = "/apis/apps/v1/deployments"
    static let namespaces = "/api/v1/namespaces"

    /// Parses a JSON literal of the fixtures (they are written by hand and valid).
    static func json(_ text: String) -> JSONValue {
        (try? JSONDecoding.decode(Array(text.utf8))) ?? .null
    }

    /// Fills `server` with the mixed cluster.
    static func populate(_ server: FakeAPIServer) {
        // Not installed in this cluster (the cache lists them for rule 8 when they are).
        server.state.withLock { $0.missingKinds = [.serverAuthorizations, .policyHTTPRoutes, .gatewayHTTPRoutes] }
        for name in ["web-1", "web-2", "web-3"] {
            server.upsert(.pods, ObjectBuilder.pod("shop", name), recordEvent: false)
        }
        server.upsert(.pods, ObjectBuilder.pod("other", "api-1", labels: ["app": "api"]), recordEvent: false)
        server.upsert(.externalWorkloads, ObjectBuilder.externalWorkload("shop", "vm-1"), recordEvent: false)
        // `web` (older) and `web-http` select the same pods and port: an existing overlap; `admin` selects them on a
        // port none declares (a warning).
        server.upsert(.servers, self.server("shop", "web", port: "8080", created: "2026-01-01T00:00:00Z"), recordEvent: false)
        server.upsert(.servers, self.server("shop", "web-http", port: "\"http\"", created: "2026-02-01T00:00:00Z"), recordEvent: false)
        server.upsert(.servers, self.server("shop", "admin", port: "9990", created: "2026-01-01T00:00:00Z"), recordEvent: false)
        // An invalid Server in another namespace: port out of range.
        server.upsert(.servers, self.server("other", "api", port: "70000", created: "2026-01-01T00:00:00Z", app: "api"), recordEvent: false)
        server.store(
            json(#"{"metadata":{"namespace":"shop","name":"web-authn"},"spec":{"identities":["*.shop.serviceaccount.identity.linkerd.cluster.local"]}}"#),
            at: meshTLSAuthentications)
        server.store(
            json(#"{"metadata":{"namespace":"shop","name":"bad-authn"},"spec":{"identities":[]}}"#),
            at: meshTLSAuthentications)
        server.store(
            json(#"{"metadata":{"namespace":"other","name":"bad-net"},"spec":{"networks":[{"cidr":"10.0.0.0/33"}]}}"#),
            at: networkAuthentications)
        server.store(
            json(#"{"metadata":{"namespace":"shop","name":"web-policy"},"spec":{"targetRef":{"group":"policy.linkerd.io","kind":"Server","name":"web"},"requiredAuthenticationRefs":[{"group":"policy.linkerd.io","kind":"MeshTLSAuthentication","name":"web-authn"}]}}"#),
            at: authorizationPolicies)
        server.store(
            json(#"{"metadata":{"namespace":"shop","name":"bad-policy"},"spec":{"targetRef":{"group":"policy.linkerd.io","kind":"Pod","name":"web"},"requiredAuthenticationRefs":[]}}"#),
            at: authorizationPolicies)
        server.store(
            json(#"{"metadata":{"namespace":"shop","name":"web"},"spec":{"template":{"metadata":{"annotations":{"config.linkerd.io/default-inbound-policy":"allow-everything"}}}}}"#),
            at: deployments)
        server.store(json(#"{"metadata":{"name":"shop"}}"#), at: namespaces)
        // Built-in collections are always served, even when empty.
        for path in ["/apis/apps/v1/statefulsets", "/apis/apps/v1/daemonsets", "/apis/apps/v1/replicasets", "/apis/batch/v1/jobs", "/apis/batch/v1/cronjobs"] {
            server.state.withLock { $0.collections[path] = [:] }
        }
        server.store(
            json(#"{"metadata":{"name":"other","annotations":{"config.linkerd.io/default-inbound-policy":"deny-all"}}}"#),
            at: namespaces)
    }

    /// A v1beta3 Server selecting `app` pods on `port` (JSON text: a number or a quoted name).
    static func server(_ namespace: String, _ name: String, port: String, created: String, app: String = "web") -> JSONValue {
        json(
            #"{"apiVersion":"policy.linkerd.io/v1beta3","kind":"Server","metadata":{"namespace":"\#(namespace)","name":"\#(name)","creationTimestamp":"\#(created)"},"spec":{"podSelector":{"matchLabels":{"app":"\#(app)"}},"port":\#(port)}}"#
        )
    }

    /// A client of the fake server (token auth, its CA trusted, small pages so every LIST pages).
    static func client(port: Int, token: String = "secret-token") throws -> APIServerClient {
        try APIServerClient(
            configuration: APIServerConfiguration(
                host: "localhost", port: port, certificateAuthorityPEM: TestPKI.shared.caPEM, bearerToken: .inline(token),
                connectTimeout: .seconds(5), readIdleTimeout: .seconds(10)))
    }

    /// A kubeconfig for the fake server in a temporary file, returning its path.
    static func kubeconfig(port: Int, token: String = "secret-token") throws -> String {
        let path = NSTemporaryDirectory() + "lpw-audit-kubeconfig-\(UUID().uuidString)"
        let text = """
            apiVersion: v1
            kind: Config
            current-context: fake
            clusters:
            - name: fake
              cluster:
                server: https://localhost:\(port)
                certificate-authority: \(TestPKI.shared.caCertificatePath)
            users:
            - name: auditor
              user:
                token: \(token)
            contexts:
            - name: fake
              context: {cluster: fake, user: auditor}
            """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
