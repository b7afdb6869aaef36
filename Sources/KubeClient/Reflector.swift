import KubeCache
import Logging
import PolicyAPI

/// Keeps one kind of object in the `SnapshotStore` current: paginated LIST, then WATCH from the list's
/// resourceVersion, forever, on a dedicated thread.
///
/// - A watch that ends (its `timeoutSeconds`) resumes from the last resourceVersion seen, bookmarks included.
/// - 410 Gone (HTTP status, ERROR event, or an expired continue token during a LIST) forces a new full LIST.
/// - Dropped, stalled (`watchIdleTimeout`) or failed streams resume after exponential backoff with jitter.
/// - A 404 on LIST (CRD not installed) is reported in the status and retried the same way.
/// Mirrors client-go's Reflector (ListAndWatch) and kube-rs' watcher, minus their generality.
final class Reflector: Sendable {
    let kind: ResourceKind
    private let client: APIServerClient
    private let store: SnapshotStore
    private let syncState: CacheSyncState
    private let configuration: ClusterCacheConfiguration
    private let logger: Logger

    init(
        kind: ResourceKind, client: APIServerClient, store: SnapshotStore, syncState: CacheSyncState,
        configuration: ClusterCacheConfiguration, logger: Logger
    ) {
        self.kind = kind
        self.client = client
        self.store = store
        self.syncState = syncState
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "kube.resource"] = "\(kind.kind)"
        self.logger = logger
    }

    /// Lists and watches until `stop` is raised. Blocking: call it on a dedicated thread.
    func run(stop: StopSignal) {
        let session = self.client.makeSession(stop: stop)
        var random = SystemRandomNumberGenerator()
        var backoff = Backoff(initial: self.configuration.initialBackoff, maximum: self.configuration.maximumBackoff)
        var resourceVersion: String?
        var consecutiveFailures = 0
        var lastFailureWasGone = false
        var wasMissing = false
        while !stop.isStopped {
            do throws(KubeClientError) {
                if resourceVersion == nil {
                    resourceVersion = try self.list(session: session)
                    if wasMissing { self.logger.info("the collection is served again") }
                    wasMissing = false
                }
                let started = ContinuousClock.now
                var version = resourceVersion ?? ""
                defer { resourceVersion = version }
                let sawEvents = try self.watch(session: session, from: &version)
                self.syncState.recordWatchRestart(self.kind)
                consecutiveFailures = 0
                lastFailureWasGone = false
                backoff.reset()
                // A server ending watches at once without any event would otherwise be polled in a hot loop.
                if !sawEvents && ContinuousClock.now - started < .seconds(1) {
                    stop.sleep(for: backoff.next(using: &random))
                }
            } catch {
                if error.isCancelled { break }
                session.reset()
                consecutiveFailures += 1
                let isMissing = resourceVersion == nil && error.httpStatus == 404
                // A collection that is not served (an optional CRD) is an answer, not an outage.
                self.store.feedFailed(
                    self.kind.kind, isAnswer: isMissing, confirmsProvisionalServers: self.kind.confirmsProvisionalServers)
                self.syncState.recordFailure(self.kind, error: error.reason, isMissing: isMissing)
                if resourceVersion != nil { self.syncState.recordWatchRestart(self.kind) }
                let previousFailureWasGone = lastFailureWasGone
                lastFailureWasGone = error.isGone
                if error.isGone {
                    self.logger.info("resourceVersion expired; listing again", metadata: ["error": "\(error.reason)"])
                    resourceVersion = nil
                    // A 410 is an answer: the server is reachable again, whatever failed before (an outage ends with
                    // one when history moved on). Relist at once, as client-go does, unless 410s keep coming.
                    if !previousFailureWasGone {
                        backoff.reset()
                        continue
                    }
                } else if isMissing {
                    if !wasMissing {
                        self.logger.warning(
                            "the collection is not served (CRD not installed?); retrying",
                            metadata: ["kube.path": "\(self.kind.path)"])
                    }
                    wasMissing = true
                } else {
                    self.logger.warning(
                        "list/watch failed; retrying",
                        metadata: ["error": "\(error.reason)", "kube.failures": "\(consecutiveFailures)"])
                }
                stop.sleep(for: backoff.next(using: &random))
            }
        }
        session.reset()
    }

    // MARK: - LIST

    /// Lists every object page by page, replaces the cached ones, and returns the list's resourceVersion.
    private func list(session: APIServerSession) throws(KubeClientError) -> String {
        var batch = RecordBatch(kind: self.kind, strings: self.store.strings)
        var continueToken: String?
        var resourceVersion = ""
        var pages = 0
        let plan = self.kind.listPlan
        repeat {
            var target = "\(self.kind.path)?limit=\(self.configuration.pageSize)"
            if let token = continueToken { target += "&continue=\(token.queryEscaped)" }
            let page: JSONValue
            do {
                page = try JSONDecoding.decode(try session.get(target), plan: plan) ?? .null
            } catch let error as KubeClientError {
                throw error
            } catch {
                throw .malformedResponse("a \(self.kind.kind) list page is not JSON")
            }
            for item in page["items"]?.arrayValue ?? [] {
                batch.append(item)
            }
            resourceVersion = page["metadata"]?["resourceVersion"]?.stringValue ?? ""
            continueToken = page["metadata"]?["continue"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            pages += 1
        } while continueToken != nil
        guard !resourceVersion.isEmpty else { throw .malformedResponse("the list has no resourceVersion") }
        self.store.update { batch.reset(into: &$0) }
        self.store.feedWorks(self.kind.kind, confirmsProvisionalServers: self.kind.confirmsProvisionalServers)
        self.syncState.recordList(self.kind)
        self.logger.debug(
            "listed", metadata: ["kube.objects": "\(batch.count)", "kube.pages": "\(pages)", "kube.resourceVersion": "\(resourceVersion)"])
        return resourceVersion
    }

    // MARK: - WATCH

    /// Watches from `resourceVersion`, applying events as they arrive and advancing `resourceVersion`; returns at
    /// the end of the stream whether any event was seen.
    private func watch(
        session: APIServerSession, from resourceVersion: inout String
    ) throws(KubeClientError) -> Bool {
        let timeout = Int.random(in: self.configuration.watchTimeoutSeconds)
        let target =
            "\(self.kind.path)?watch=true&resourceVersion=\(resourceVersion.queryEscaped)"
            + "&allowWatchBookmarks=true&timeoutSeconds=\(timeout)"
        var decoder = WatchEventDecoder(maximumEventSize: self.configuration.maximumEventSize, plan: self.kind.eventPlan)
        var sawEvents = false
        var version = resourceVersion
        defer { resourceVersion = version }
        try session.stream(target, idleTimeout: self.configuration.watchIdleTimeout) { bytes throws(KubeClientError) in
            let events = try decoder.feed(bytes)
            guard !events.isEmpty else { return }
            self.syncState.recordContact(self.kind)
            if !sawEvents {
                self.store.feedWorks(self.kind.kind, confirmsProvisionalServers: self.kind.confirmsProvisionalServers)
            }
            sawEvents = true
            var failure: KubeClientError?
            let kind = self.kind
            self.store.update { snapshot in
                for event in events {
                    switch event.type {
                    case .added, .modified: kind.apply(event.object, to: &snapshot)
                    case .deleted: kind.delete(event.object, from: &snapshot)
                    case .bookmark: break
                    case .error:
                        failure = .watchError(event.statusCode ?? 500, "watch ERROR event: \(event.statusText)")
                        return
                    }
                    if let eventVersion = event.resourceVersion { version = eventVersion }
                }
            }
            if let failure { throw failure }
        }
        if decoder.hasPartialEvent { throw .connection("the watch stream ended in the middle of an event") }
        return sawEvents
    }
}
