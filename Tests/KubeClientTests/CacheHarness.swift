import Foundation
import KubeCache
import KubeClient
import Logging

/// A fake API server, a store and a running `ClusterCacheService` pointed at it, torn down after the body.
struct CacheHarness {
    let server: FakeAPIServer
    let store: SnapshotStore
    let service: ClusterCacheService

    /// The test configuration: DNS name `localhost` (exercises SNI and name checks), small pages, fast retries.
    static func configuration(port: Int, token: BearerTokenProvider.Source = .inline("secret-token")) -> ClusterCacheConfiguration {
        let apiServer = APIServerConfiguration(
            host: "localhost", port: port, certificateAuthorityPEM: TestPKI.shared.caPEM, bearerToken: token,
            connectTimeout: .seconds(2), readIdleTimeout: .milliseconds(700))
        return ClusterCacheConfiguration(
            apiServer: apiServer, pageSize: 2, watchTimeoutSeconds: 5...5, watchIdleTimeout: .seconds(1),
            initialBackoff: .milliseconds(20), maximumBackoff: .milliseconds(200))
    }

    /// Runs `body` with a started cache; the service is cancelled and awaited afterwards.
    static func run(
        prepare: (FakeAPIServer) throws -> Void = { _ in },
        configure: (inout ClusterCacheConfiguration) throws -> Void = { _ in },
        _ body: (CacheHarness) async throws -> Void
    ) async throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        try prepare(server)
        var configuration = Self.configuration(port: server.port)
        try configure(&configuration)
        let store = SnapshotStore()
        let service = try ClusterCacheService(
            configuration: configuration, store: store, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let task = Task { try await service.run() }
        do {
            try await body(CacheHarness(server: server, store: store, service: service))
        } catch {
            task.cancel()
            try? await task.value
            throw error
        }
        task.cancel()
        try await task.value
    }

    /// Polls `condition` every 10 ms until it holds or `timeout` passes; returns whether it held.
    func eventually(timeout: Duration = .seconds(60), _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    /// The cached pod names of a namespace, sorted.
    func podNames(_ namespace: String) -> [String] {
        (self.store.snapshot().namespaces[namespace]?.pods.keys).map { $0.sorted() } ?? []
    }

    /// The cache status of one kind.
    func status(_ kind: ResourceKind) -> ClusterCacheStatus.Resource {
        self.service.status().resources[kind] ?? .init()
    }
}
