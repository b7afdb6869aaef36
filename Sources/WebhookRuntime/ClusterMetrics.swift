import KubeCache
import KubeClient
import Logging
import NetIO
import PolicyCore
import Synchronization
import WebhookMetrics

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Gauges and counters read from the cluster cache and the serving certificate, and the report of Servers that
/// already overlap (computed at most every `overlapInterval`, logged when it changes).
///
/// `run(every:)` refreshes them in the background; the admin listener only renders what was last set, so a scrape
/// never makes `/healthz` wait behind a read of the cache, the certificate file or an overlap pass.
package final class ClusterMetrics: Sendable {
    private let cacheObjects: GaugeFamily
    private let cacheSynced: GaugeFamily
    private let contactAge: GaugeFamily
    private let watchRestarts: CounterFamily
    private let certificateExpiry: GaugeFamily
    private let existingOverlaps: GaugeFamily
    private let store: any SnapshotProvider
    private let cache: ClusterCacheService?
    private let certificatePath: String
    private let overlapInterval: Double
    private let logger: Logger
    /// Last watch-restart counts seen (to turn the cache's totals into counter increments) and the last
    /// overlap report with when it was computed.
    private let state = Mutex<(restarts: [ResourceKind: Int], overlaps: [ExistingOverlaps.Overlap], computedAt: Double?)>(([:], [], nil))

    package init(
        registry: MetricsRegistry, store: any SnapshotProvider, cache: ClusterCacheService?, certificatePath: String,
        overlapInterval: Double = 30, logger: Logger
    ) {
        self.cacheObjects = registry.gauge(
            "linkerd_policy_webhook_cache_objects", help: "Objects in the cluster cache, by type.", labelNames: ["type"])
        self.cacheSynced = registry.gauge(
            "linkerd_policy_webhook_cache_synced", help: "1 once every cached type has completed its first list.")
        self.contactAge = registry.gauge(
            "linkerd_policy_webhook_cache_contact_age_seconds",
            help: "Seconds since the API server was last heard from for each type (a list, a watch event or a bookmark).",
            labelNames: ["type"])
        self.watchRestarts = registry.counter(
            "linkerd_policy_webhook_watch_restarts_total", help: "Watches of the API server started again, by type.",
            labelNames: ["type"])
        self.certificateExpiry = registry.gauge(
            "linkerd_policy_webhook_certificate_expiry_timestamp_seconds",
            help: "When the serving certificate expires (Unix time).")
        self.existingOverlaps = registry.gauge(
            "linkerd_policy_webhook_existing_server_overlaps",
            help: "Pairs of cached Servers that already select a common pod and port (see /overlaps on the admin port).")
        self.store = store
        self.cache = cache
        self.certificatePath = certificatePath
        self.overlapInterval = overlapInterval
        self.logger = logger
    }

    /// How often `serve` refreshes the gauges: a scrape sees values at most this old.
    package static let refreshInterval: Duration = .seconds(5)

    /// The hooks the admin listener calls: the last overlap report, never a computation.
    package var adminHooks: AdminHooks {
        AdminHooks(existingOverlaps: { self.state.withLock { $0.overlaps } })
    }

    /// Refreshes every gauge now and then every `interval` until the task is cancelled. Each refresh runs on a
    /// thread of its own: the overlap pass over a large cache and the certificate read block, and Swift's
    /// cooperative pool has as many threads as cores.
    package func run(every interval: Duration) async {
        while !Task.isCancelled {
            await self.refreshOffThePool()
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
        }
    }

    private func refreshOffThePool() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            do {
                try spawnThread(name: "lpw-metrics") {
                    self.refresh()
                    continuation.resume()
                }
            } catch {
                self.logger.warning("metrics refresh thread not started; refreshing on the caller", metadata: ["error": "\(error)"])
                self.refresh()
                continuation.resume()
            }
        }
    }

    /// Sets every gauge from the current state (the overlap report when it is due).
    package func refresh() {
        let snapshot = self.store.snapshot()
        let counts = snapshot.counts
        self.cacheObjects.set(Double(counts.pods), ResourceKind.pods)
        self.cacheObjects.set(Double(counts.servers), ResourceKind.servers)
        self.cacheObjects.set(Double(counts.externalWorkloads), ResourceKind.externalWorkloads)
        self.cacheObjects.set(Double(counts.authorizationPolicies), ResourceKind.authorizationPolicies)
        self.cacheObjects.set(Double(counts.serverAuthorizations), ResourceKind.serverAuthorizations)
        self.cacheObjects.set(Double(counts.policyRoutes), ResourceKind.policyHTTPRoutes)
        self.cacheObjects.set(Double(counts.gatewayRoutes), ResourceKind.gatewayHTTPRoutes)
        self.cacheSynced.set(snapshot.isSynced ? 1 : 0)
        if let status = self.cache?.status() {
            let now = Date()
            for (kind, resource) in status.resources {
                if let last = resource.lastContactTime { self.contactAge.set(now.timeIntervalSince(last), kind) }
                let increment = self.state.withLock { state -> Int in
                    let delta = resource.watchRestarts - (state.restarts[kind] ?? 0)
                    state.restarts[kind] = resource.watchRestarts
                    return delta
                }
                if increment > 0 { self.watchRestarts.increment(kind, by: Double(increment)) }
            }
        }
        if let expiry = CertificateExpiry.notAfter(path: self.certificatePath) { self.certificateExpiry.set(expiry) }
        self.existingOverlaps.set(Double(self.overlaps().count))
    }

    /// The current overlap report, recomputed when older than `overlapInterval`; a changed report is logged.
    private func overlaps() -> [ExistingOverlaps.Overlap] {
        let now = MonotonicClock.seconds()
        if let cached = self.state.withLock({ state in
            state.computedAt.map { now - $0 < self.overlapInterval } == true ? state.overlaps : nil
        }) {
            return cached
        }
        let snapshot = self.store.snapshot()
        guard snapshot.isSynced else { return [] }
        let overlaps = ExistingOverlaps.find(in: snapshot)
        let previous = self.state.withLock { state in
            defer {
                state.overlaps = overlaps
                state.computedAt = now
            }
            return state.overlaps
        }
        // A pair already reported is not logged again when only the pods or ports it shares change.
        let reported = Set(previous.map(PairKey.init))
        for overlap in overlaps where !reported.contains(PairKey(overlap)) {
            self.logger.warning("existing overlap", metadata: ["overlap": "\(overlap)"])
        }
        return overlaps
    }
}

/// One overlapping pair of Servers, whatever it shares today.
private struct PairKey: Hashable {
    var namespace: String
    var server: String
    var otherServer: String

    init(_ overlap: ExistingOverlaps.Overlap) {
        self.namespace = overlap.namespace
        self.server = overlap.server
        self.otherServer = overlap.otherServer
    }
}
