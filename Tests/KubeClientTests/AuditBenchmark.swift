import Foundation
import KubeClient
import PolicyAPI
import PolicyCore
import Testing
import WebhookRuntime

/// `audit` of a large cluster from the fake API server over TLS: 100,000 pods, 10,000 Servers and 10,000 other
/// policy objects, with the wall time and the process's memory after it.
///
/// Not a timed test: it runs only with `LPW_BENCH=1` and prints its figures (BENCHMARKS.md has the command).
@Suite(.serialized) struct AuditBenchmark {
    /// Pods in all (`LPW_BENCH_AUDIT_PODS`), 100 per namespace as in `CacheBenchmark`.
    static let podCount = ProcessInfo.processInfo.environment["LPW_BENCH_AUDIT_PODS"].flatMap(Int.init) ?? 100_000
    static let serverCount = 10_000
    /// AuthorizationPolicies and MeshTLSAuthentications, half each.
    static let otherPolicyCount = 10_000

    @Test(.enabled(if: ProcessInfo.processInfo.environment["LPW_BENCH"] == "1"))
    func auditOfALargeCluster() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        server.state.withLock { state in
            state.synthetic[.pods] = .init(count: Self.podCount, make: CacheBenchmark.pod)
            state.synthetic[.servers] = .init(count: Self.serverCount, make: CacheBenchmark.server)
        }
        for index in 0..<(Self.otherPolicyCount / 2) {
            let namespace = "ns-\(index % 1_000)"
            server.store(
                AuditCluster.json(
                    #"{"metadata":{"namespace":"\#(namespace)","name":"authn-\#(index)"},"spec":{"identities":["web.\#(namespace).serviceaccount.identity.linkerd.cluster.local"]}}"#),
                at: AuditCluster.meshTLSAuthentications)
            server.store(
                AuditCluster.json(
                    #"{"metadata":{"namespace":"\#(namespace)","name":"policy-\#(index)"},"spec":{"targetRef":{"group":"policy.linkerd.io","kind":"Server","name":"service-0-http"},"requiredAuthenticationRefs":[{"group":"policy.linkerd.io","kind":"MeshTLSAuthentication","name":"authn-\#(index)"}]}}"#),
                at: AuditCluster.authorizationPolicies)
        }
        let before = CacheBenchmark.memory()
        let start = ContinuousClock.now
        let auditor = ClusterAuditor(client: try AuditCluster.client(port: server.port), plan: try AuditPlan())
        let result = try auditor.run()
        let elapsed = ContinuousClock.now - start
        let after = CacheBenchmark.memory()
        let listed = result.collections.reduce(0) { $0 + $1.count }
        print("""
            audit benchmark: \(listed) objects listed (\(Self.podCount) pods, \(Self.serverCount) Servers, \
            \(Self.otherPolicyCount) other policy objects), \(result.checked) judged, \
            \(result.findings.filter(\.isDenied).count) denied, \(result.overlaps.count) overlaps in \(elapsed); \
            RSS \(before.rss >> 10) -> \(after.rss >> 10) MiB, peak \(after.peak >> 10) MiB
            """)
        #expect(result.checked == Self.podCount + Self.serverCount + Self.otherPolicyCount)
    }
}
