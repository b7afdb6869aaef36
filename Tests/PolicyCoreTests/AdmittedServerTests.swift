import KubeCache
import PolicyAPI
import PolicyCore
import Testing

/// An admitted Server enters the cache: which requests put one there, and in which namespace.
struct AdmittedServerTests {
    static let server = GroupVersionKind(group: "policy.linkerd.io", version: "v1beta3", kind: "Server")

    static func request(
        kind: GroupVersionKind = Self.server, namespace: String, objectNamespace: String?,
        operation: AdmissionOperation = .create, isDryRun: Bool = false
    ) throws -> AdmissionRequest {
        let namespaceMember = objectNamespace.map { #","namespace":"\#($0)""# } ?? ""
        let object = try JSONDecoding.decode(Array(
            #"{"apiVersion":"\#(kind.apiVersion)","kind":"\#(kind.kind)","metadata":{"name":"web"\#(namespaceMember)},"spec":{"podSelector":{"matchLabels":{"app":"web"}},"port":8080}}"#.utf8
        ))
        return AdmissionRequest(
            uid: "u", kind: kind, name: "web", namespace: namespace, operation: operation, object: object,
            isDryRun: isDryRun
        )
    }

    @Test func admittedServerTakesTheRequestsNamespace() throws {
        let server = Verdict.allowed(warnings: []).admittedServer(
            of: try Self.request(namespace: "shop", objectNamespace: "elsewhere")
        )
        #expect(server?.namespace == "shop")
        #expect(server?.name == "web")
        #expect(server?.port == .number(8080))
    }

    @Test func admittedServerTakesTheObjectsNamespaceWhenTheRequestNamesNone() throws {
        let server = Verdict.allowed(warnings: []).admittedServer(of: try Self.request(namespace: "", objectNamespace: "shop"))
        #expect(server?.namespace == "shop")
    }

    @Test func wouldDenyInWarnModeStillEntersTheCache() throws {
        let server = Verdict.wouldDeny(violations: [], warnings: []).admittedServer(
            of: try Self.request(namespace: "shop", objectNamespace: nil)
        )
        #expect(server?.namespace == "shop")
    }

    @Test func deniedDryRunDeleteAndOtherKindsDoNotEnterTheCache() throws {
        let allowed = Verdict.allowed(warnings: [])
        #expect(Verdict.denied(violations: [], warnings: []).admittedServer(of: try Self.request(namespace: "shop", objectNamespace: nil)) == nil)
        #expect(Verdict.unavailable("syncing").admittedServer(of: try Self.request(namespace: "shop", objectNamespace: nil)) == nil)
        #expect(allowed.admittedServer(of: try Self.request(namespace: "shop", objectNamespace: nil, isDryRun: true)) == nil)
        #expect(allowed.admittedServer(of: try Self.request(namespace: "shop", objectNamespace: nil, operation: .delete)) == nil)
        let route = GroupVersionKind(group: "policy.linkerd.io", version: "v1beta3", kind: "HTTPRoute")
        #expect(allowed.admittedServer(of: try Self.request(kind: route, namespace: "shop", objectNamespace: nil)) == nil)
        let foreign = GroupVersionKind(group: "example.com", version: "v1", kind: "Server")
        #expect(allowed.admittedServer(of: try Self.request(kind: foreign, namespace: "shop", objectNamespace: nil)) == nil)
    }
}
