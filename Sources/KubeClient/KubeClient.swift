// KubeClient: keeps KubeCache's `SnapshotStore` current from the Kubernetes API server. It owns the client side of
// the conversation: configuration (in-cluster or kubeconfig), requests over kept-alive connections (NetIO's
// `ClientConnection` and `TLSContext`: the CA and the name verified, SNI), and one reflector per kind (paginated
// LIST, then WATCH with bookmarks; 410 Gone relists; drops, stalls and errors resume with backoff and jitter).
//
// Pure parts (tested without a socket): `WatchEventDecoder`, `Backoff`, `RecordBatch`, `ExecCredential`,
// `ExecPluginConfiguration`.
// I/O parts: `APIServerSession`, `Reflector` (each on a dedicated thread: a blocked read must not hold one of
// Swift's few cooperative threads), `ClusterCacheService` (the `run()` that owns them). It opens no socket and
// calls no OpenSSL itself (Glibc only for files and sleeping); exec credential plugins are the only processes it
// starts.
// HTTP/1.1 framing is HTTP1Codec's `HTTPResponseParser` and threads are NetIO's `spawnThread`: the server's own
// code, so a fix is made once; it uses nothing of the server's event loop.
//
// [ kubeconfig | in-cluster ] -> APIServerClient -> APIServerSession -> Reflector x3 -> SnapshotStore <- CacheSyncState
// Credentials: [ token | token file | client certificate | exec plugin ] -> APIServerClient.credentials() per request
// (`BearerTokenProvider`; `ExecCredentialProvider` runs the plugin through `ExecPluginRunner`, swift-subprocess,
// and checks its answer with the pure `ExecCredential`).
//
// Wiring (WebhookRuntime):
//     let apiServer = try APIServerConfiguration.kubeconfig(path: path)      // or .inCluster(environment:)
//     let store = SnapshotStore()
//     let cache = try ClusterCacheService(
//         configuration: ClusterCacheConfiguration(apiServer: apiServer), store: store, logger: logger)
//     group.addTask { try await cache.run() }      // returns when the task is cancelled
//     readiness: store.snapshot().isSynced (or cache.isSynced); metrics: cache.status()
//
// Out of scope: kubeconfig auth providers and basic auth (refused with `KubeClientError.unsupportedAuthentication`),
// HTTP proxies, plain HTTP, response compression, reloading a changed CA bundle without a restart.
