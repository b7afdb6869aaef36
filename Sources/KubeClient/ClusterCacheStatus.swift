#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the cluster cache reports for readiness and metrics.
package struct ClusterCacheStatus: Sendable, Hashable {
    /// One reflector's state.
    package struct Resource: Sendable, Hashable {
        /// True once its first LIST completed (or, for an optional kind, once it was found missing).
        package var isSynced = false
        /// True while the collection answers 404 (the CRD is not installed).
        package var isMissing = false
        /// Watches ended and started again (timeouts, drops, stalls, errors).
        package var watchRestarts = 0
        /// Full LISTs completed (the first one included).
        package var lists = 0
        /// Failed LIST or WATCH requests.
        package var failures = 0
        /// When the last LIST completed.
        package var lastSyncTime: Date?
        /// When the API server was last heard from for this kind: a LIST completed, or a watch delivered an event
        /// or a bookmark.
        package var lastContactTime: Date?
        /// The last failure, for an operator.
        package var lastError: String?
        /// Objects of this kind currently cached.
        package var objectCount = 0

        package init() {}
    }

    /// True when every reflected kind has synced: the store's `isSynced`.
    package var isSynced: Bool
    package var resources: [ResourceKind: Resource]

    package init(isSynced: Bool = false, resources: [ResourceKind: Resource] = [:]) {
        self.isSynced = isSynced
        self.resources = resources
    }
}
