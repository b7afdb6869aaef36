/// How the cluster cache lists and watches: the API server, page size, watch lifetimes and retry pacing.
package struct ClusterCacheConfiguration: Sendable {
    package var apiServer: APIServerConfiguration
    /// The kinds to reflect; the store is synced once each has completed its first LIST.
    package var kinds: [ResourceKind]
    /// Kinds whose collection may be missing (404: CRD not installed): they count as synced and empty while the
    /// reflector keeps retrying. Empty by default: a missing CRD keeps the cache unsynced (and `/readyz` false).
    package var optionalKinds: Set<ResourceKind>
    /// LIST page size (`limit`).
    package var pageSize: Int
    /// `timeoutSeconds` for each WATCH is drawn from this range, so watches of many replicas end apart.
    package var watchTimeoutSeconds: ClosedRange<Int>
    /// A watch silent for this long is considered stalled and resumed (bookmarks arrive about once a minute).
    package var watchIdleTimeout: Duration
    /// First and largest retry delay.
    package var initialBackoff: Duration
    package var maximumBackoff: Duration
    /// The largest single watch event accepted.
    package var maximumEventSize: Int

    package init(
        apiServer: APIServerConfiguration, kinds: [ResourceKind] = ResourceKind.allCases,
        optionalKinds: Set<ResourceKind> = [], pageSize: Int = 500, watchTimeoutSeconds: ClosedRange<Int> = 300...600,
        watchIdleTimeout: Duration = .seconds(150), initialBackoff: Duration = .milliseconds(500),
        maximumBackoff: Duration = .seconds(30), maximumEventSize: Int = 16 << 20
    ) {
        self.apiServer = apiServer
        self.kinds = kinds
        self.optionalKinds = optionalKinds
        self.pageSize = pageSize
        self.watchTimeoutSeconds = watchTimeoutSeconds
        self.watchIdleTimeout = watchIdleTimeout
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.maximumEventSize = maximumEventSize
    }
}
