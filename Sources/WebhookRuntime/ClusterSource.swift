import KubeCache
import KubeClient
import Logging

/// Where `serve` learns the cluster state from.
package enum ClusterSource: Sendable {
    /// A static snapshot file (`--inventory`), ready at once.
    case inventory(path: String)
    /// The API server named by a kubeconfig (`--kubeconfig`).
    case kubeconfig(path: String)
    /// The API server of the cluster the pod runs in.
    case inCluster(environment: [String: String])

    /// The snapshot source, the live cache service when there is one, and how long admitted Servers stay
    /// provisional.
    package struct Live: Sendable {
        package var store: any SnapshotProvider
        package var cache: ClusterCacheService?
        package var recordAdmitted: (@Sendable (ServerRecord) -> Void)?
        package var isReady: @Sendable () -> Bool
    }

    /// Builds the source; a bad inventory, kubeconfig or service account fails here, at startup.
    package func open(logger: Logger) throws -> Live {
        let apiServer: APIServerConfiguration
        switch self {
        case .inventory(let path):
            let snapshot = try InventoryFile.load(path: path)
            return Live(store: StaticSnapshotProvider(snapshot), cache: nil, recordAdmitted: nil, isReady: { true })
        case .kubeconfig(let path):
            apiServer = try APIServerConfiguration.kubeconfig(path: path)
        case .inCluster(let environment):
            apiServer = try APIServerConfiguration.inCluster(environment: environment)
        }
        // Every kind but pods is optional: before Linkerd's CRDs (or Gateway API's) exist there is nothing to overlap
        // or authorize, and a webhook that never turned ready would block every pod of the cluster under
        // failurePolicy Fail.
        let configuration = ClusterCacheConfiguration(
            apiServer: apiServer, optionalKinds: Set(ResourceKind.allCases.filter { $0 != .pods }))
        let store = SnapshotStore()
        let cache = try ClusterCacheService(configuration: configuration, store: store, logger: logger)
        return Live(
            store: store, cache: cache, recordAdmitted: { store.recordAdmitted($0) },
            isReady: { store.snapshot().isSynced }
        )
    }
}
