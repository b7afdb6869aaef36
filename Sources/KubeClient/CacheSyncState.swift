import KubeCache
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Tracks each reflector's progress and marks the store synced once all of them have listed.
///
/// The reflectors report here; readiness and metrics read `status()`. The store's `isSynced` flips to true in the
/// same lock as the last reflector's report, and never back (a relist replaces objects but keeps serving).
package final class CacheSyncState: Sendable {
    private let store: SnapshotStore
    private let optionalKinds: Set<ResourceKind>
    private let state: Mutex<ClusterCacheStatus>

    /// Starts with every kind unsynced.
    package init(store: SnapshotStore, kinds: [ResourceKind], optionalKinds: Set<ResourceKind> = []) {
        self.store = store
        self.optionalKinds = optionalKinds
        var status = ClusterCacheStatus()
        for kind in kinds { status.resources[kind] = .init() }
        self.state = Mutex(status)
    }

    /// A reflector completed a full LIST.
    package func recordList(_ kind: ResourceKind, at time: Date = Date()) {
        self.update(kind) { resource in
            resource.isSynced = true
            resource.isMissing = false
            resource.lists += 1
            resource.lastSyncTime = time
            resource.lastContactTime = time
        }
    }

    /// A watch delivered events (bookmarks included): the API server is there and the kind is current.
    package func recordContact(_ kind: ResourceKind, at time: Date = Date()) {
        self.update(kind) { $0.lastContactTime = time }
    }

    /// A LIST or WATCH failed; `isMissing` when the collection answered 404.
    package func recordFailure(_ kind: ResourceKind, error: String, isMissing: Bool) {
        let isOptional = self.optionalKinds.contains(kind)
        self.update(kind) { resource in
            resource.failures += 1
            resource.lastError = error
            resource.isMissing = isMissing
            if isMissing && isOptional { resource.isSynced = true }
        }
    }

    /// A watch ended and will be started again.
    package func recordWatchRestart(_ kind: ResourceKind) {
        self.update(kind) { $0.watchRestarts += 1 }
    }

    /// The current status, with object counts read from the store.
    package func status() -> ClusterCacheStatus {
        var status = self.state.withLock { $0 }
        let counts = self.store.snapshot().counts
        for kind in status.resources.keys {
            switch kind {
            case .pods: status.resources[kind]?.objectCount = counts.pods
            case .servers: status.resources[kind]?.objectCount = counts.servers
            case .externalWorkloads: status.resources[kind]?.objectCount = counts.externalWorkloads
            case .authorizationPolicies: status.resources[kind]?.objectCount = counts.authorizationPolicies
            case .serverAuthorizations: status.resources[kind]?.objectCount = counts.serverAuthorizations
            case .policyHTTPRoutes: status.resources[kind]?.objectCount = counts.policyRoutes
            case .gatewayHTTPRoutes: status.resources[kind]?.objectCount = counts.gatewayRoutes
            }
        }
        return status
    }

    /// True once every kind has synced.
    package var isSynced: Bool { self.state.withLock { $0.isSynced } }

    /// Changes one kind's entry and publishes readiness when the last kind syncs.
    private func update(_ kind: ResourceKind, _ change: (inout ClusterCacheStatus.Resource) -> Void) {
        self.state.withLock { status in
            guard var resource = status.resources[kind] else { return }
            change(&resource)
            status.resources[kind] = resource
            if !status.isSynced && status.resources.values.allSatisfy(\.isSynced) {
                status.isSynced = true
                self.store.update { $0.isSynced = true }
            }
        }
    }
}
