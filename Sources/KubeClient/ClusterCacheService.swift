import KubeCache
import Logging
import NetIO
import Synchronization

/// The live cluster cache: one reflector per `ResourceKind` (Pods, Servers, ExternalWorkloads, and the
/// authorizations and routes rule 8 reads) feeding a `SnapshotStore`.
///
/// `Service`-shaped (swift-service-lifecycle): `run()` returns only at shutdown, when its task is cancelled, after
/// every reflector thread has closed its stream. Readiness is the store's `isSynced` (also `isSynced` here);
/// metrics read `status()`.
package final class ClusterCacheService: Sendable {
    package let configuration: ClusterCacheConfiguration
    package let store: SnapshotStore
    private let client: APIServerClient
    private let syncState: CacheSyncState
    private let logger: Logger

    /// Loads the TLS material and credentials now, so a bad kubeconfig fails at startup.
    package init(configuration: ClusterCacheConfiguration, store: SnapshotStore, logger: Logger) throws(KubeClientError) {
        guard !configuration.kinds.isEmpty else { throw .configuration("the cluster cache needs at least one kind") }
        self.configuration = configuration
        self.store = store
        self.client = try APIServerClient(configuration: configuration.apiServer)
        self.syncState = CacheSyncState(
            store: store, kinds: configuration.kinds, optionalKinds: configuration.optionalKinds)
        self.logger = logger
    }

    /// True once every kind has completed its first LIST.
    package var isSynced: Bool { self.syncState.isSynced }

    /// Watch restarts, last sync times and object counts by kind.
    package func status() -> ClusterCacheStatus { self.syncState.status() }

    /// Runs the reflectors until the calling task is cancelled, then stops them and returns.
    package func run() async throws {
        let stop = StopSignal()
        let reflectors = self.configuration.kinds.map { kind in
            Reflector(
                kind: kind, client: self.client, store: self.store, syncState: self.syncState,
                configuration: self.configuration, logger: self.logger)
        }
        self.logger.info(
            "starting the cluster cache",
            metadata: ["kube.server": "\(self.configuration.apiServer.hostHeader)", "kube.kinds": "\(reflectors.count)"])
        let startFailure = Mutex<KubeClientError?>(nil)
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let remaining = Mutex(reflectors.count)
                // Counts one reflector out; the last one resumes `run()`.
                let finishOne: @Sendable () -> Void = {
                    let isLast = remaining.withLock { count in
                        count -= 1
                        return count == 0
                    }
                    if isLast { continuation.resume() }
                }
                for reflector in reflectors {
                    // Each reflector blocks on its list and watch: on its own OS thread, off Swift's cooperative
                    // pool (which has only as many threads as cores, so a blocked watch there would starve tasks).
                    do throws(SystemCallError) {
                        try spawnThread(name: reflector.kind.threadName) {
                            reflector.run(stop: stop)
                            finishOne()
                        }
                    } catch {
                        // Threads already started see the stop and finish; the failure is rethrown below.
                        stop.stop()
                        startFailure.withLock { $0 = $0 ?? .connection("cannot start a thread: \(error)") }
                        finishOne()
                    }
                }
            }
        } onCancel: {
            stop.stop()
        }
        self.logger.info("the cluster cache stopped")
        if let failure = startFailure.withLock({ $0 }) { throw failure }
    }
}
