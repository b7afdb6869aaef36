import CHeapStats
import Foundation
import KubeCache
import KubeClient
import Logging
import PolicyAPI
import PolicyCore
import Synchronization
import Testing

/// Initial LIST + sync of a large cluster from the fake API server, with the process's memory after it, then the
/// overlap decision on that cache, alone and while pod events stream in.
///
/// Not a timed test: it runs only with `LPW_BENCH=1` and prints its figures. `make bench` should run
/// `SWT_SWIFT_ERROR_BACKTRACING_ENABLED=0 LPW_BENCH=1 swift test -c release --filter CacheBenchmark`: Swift Testing
/// otherwise records a backtrace at every thrown error, and the Codable path of `JSONDecoding.decode` throws several
/// times per JSON value, which makes the run many times slower than the webhook would be.
@Suite(.serialized) struct CacheBenchmark {
    /// `LPW_BENCH_NAMESPACES` scales the run down (100 pods per namespace; 150,000 pods by default, the documented
    /// maximum of a Kubernetes cluster).
    static let namespaces = ProcessInfo.processInfo.environment["LPW_BENCH_NAMESPACES"].flatMap(Int.init) ?? 1_500
    static let podsPerNamespace = 100
    /// Servers in all, spread round-robin over the namespaces (`LPW_BENCH_SERVERS`).
    static let serverCount = ProcessInfo.processInfo.environment["LPW_BENCH_SERVERS"].flatMap(Int.init) ?? 10_000
    /// AuthorizationPolicies and ServerAuthorizations in all, half of each, round-robin over the namespaces
    /// (`LPW_BENCH_AUTHORIZATIONS`): what rule 8 caches of them.
    static let authorizationCount = ProcessInfo.processInfo.environment["LPW_BENCH_AUTHORIZATIONS"].flatMap(Int.init) ?? 10_000
    /// Pod events per second streamed in while reviews are timed, and for how long each timing runs.
    static let eventsPerSecond = 1_000
    static let timingWindow: Duration = .seconds(10)

    @Test(.enabled(if: ProcessInfo.processInfo.environment["LPW_BENCH"] == "1"))
    func initialSyncOfALargeClusterThenReviewsWithAndWithoutPodEvents() async throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let podCount = Self.namespaces * Self.podsPerNamespace
        let sample = Self.pod(0)
        server.state.withLock { state in
            state.synthetic[.pods] = .init(count: podCount, make: Self.pod)
            state.synthetic[.servers] = .init(count: Self.serverCount, make: Self.server)
            state.synthetic[.authorizationPolicies] = .init(count: Self.authorizationCount / 2, make: Self.authorizationPolicy)
            state.synthetic[.serverAuthorizations] = .init(
                count: Self.authorizationCount - Self.authorizationCount / 2, make: Self.serverAuthorization)
            state.retainedEvents = 50_000
        }
        var configuration = CacheHarness.configuration(port: server.port)
        configuration.pageSize = 500
        configuration.apiServer.readIdleTimeout = .seconds(30)
        configuration.watchTimeoutSeconds = 300...300
        configuration.watchIdleTimeout = .seconds(60)
        let store = SnapshotStore()
        let service = try ClusterCacheService(
            configuration: configuration, store: store, logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
        let before = Self.memory()
        let start = ContinuousClock.now
        let task = Task { try await service.run() }
        let harness = CacheHarness(server: server, store: store, service: service)
        let synced = await harness.eventually(timeout: .seconds(400)) { store.snapshot().isSynced }
        let elapsed = ContinuousClock.now - start
        let after = Self.memory()
        let counts = store.snapshot().counts
        let status = service.status()
        // The overlap decision (a Server review: candidate pods by selector and port against every Server of the
        // namespace) on the synced cache, then while pod events stream in through the watch.
        let quiet = Self.reviewLatencies(store, for: Self.timingWindow)
        let streamed = Self.streamingPodEvents(server, store) { Self.reviewLatencies(store, for: Self.timingWindow) }
        task.cancel()
        try await task.value
        Self.trimHeap()
        let stopped = Self.memory()
        let heapWithCache = lpw_heap_bytes_in_use()
        store.update { $0 = ClusterSnapshot(isSynced: false) }
        Self.trimHeap()
        let emptied = Self.memory()
        let heapEmptied = lpw_heap_bytes_in_use()
        #expect(synced, "\(status)")
        // Where the sync time goes: decoding one page of 500 pods with the shared JSON decoder.
        var page: [UInt8] = Array("{\"items\":[".utf8)
        for index in 0..<500 { page += (index > 0 ? [UInt8(ascii: ",")] : []) + Self.pod(index) }
        page += Array("]}".utf8)
        let decodeStart = ContinuousClock.now
        _ = try JSONDecoding.decode(page)
        let decodeTime = ContinuousClock.now - decodeStart
        print(
            """
            CacheBenchmark: \(counts.pods) pods (\(sample.count) bytes of JSON each, 10 labels, 2 named ports) in \
            \(Self.namespaces) namespaces + \(counts.servers) Servers + \(counts.authorizationPolicies) AuthorizationPolicies + \
            \(counts.serverAuthorizations) ServerAuthorizations
              initial LIST + sync: \(elapsed) (pages of 500, TLS loopback, fake server in-process)
              RSS before: \(before.rss / 1024) MiB, after sync: \(after.rss / 1024) MiB, \
            growth: \((after.rss - before.rss) / 1024) MiB; peak RSS (VmHWM): \(after.peak / 1024) MiB
              RSS with the cache, reflectors stopped and heap trimmed: \(stopped.rss / 1024) MiB; after emptying the \
            store: \(emptied.rss / 1024) MiB; cache size ≈ \((stopped.rss - emptied.rss) / 1024) MiB
              heap in live allocations (glibc mallinfo2) with the cache: \(Self.mebibytes(heapWithCache)) MiB, emptied: \
            \(Self.mebibytes(heapEmptied)) MiB; the cache holds \(Self.mebibytes(heapWithCache - min(heapWithCache, heapEmptied))) MiB
              JSONDecoding.decode of one page (500 pods, \(page.count >> 10) KiB): \(decodeTime)
              overlap decision (snapshot() + Server review, \(quiet.latencies.count) in \(Self.timingWindow)): \
            \(Self.percentiles(quiet.latencies)), verdict \(quiet.verdict)
              the same with \(Self.eventsPerSecond) pod events/s streaming in (\(streamed.events) sent, \
            \(streamed.applied) applied by the end): \(Self.percentiles(streamed.result.latencies)); \
            p99 ratio \(Self.ratio(streamed.result.latencies, quiet.latencies))
            """)
    }

    /// A Server on the `admin` port selecting one Deployment's pods: no overlap, so every candidate is checked.
    static let review = AdmissionRequest(
        uid: "bench", kind: GroupVersionKind(group: "policy.linkerd.io", version: "v1beta3", kind: "Server"),
        name: "service-3-admin", namespace: "ns-500", operation: .create,
        object: .object([
            "apiVersion": .string("policy.linkerd.io/v1beta3"), "kind": .string("Server"),
            "metadata": .object(["name": .string("service-3-admin"), "namespace": .string("ns-500")]),
            "spec": .object([
                "podSelector": .object(["matchLabels": .object(["app": .string("service-3")])]),
                "port": .string("admin"), "proxyProtocol": .string("HTTP/1"),
            ]),
        ]))

    /// Reviews `review` against a fresh `store.snapshot()` each time, as the webhook does, for `window`.
    static func reviewLatencies(_ store: SnapshotStore, for window: Duration) -> (latencies: [Duration], verdict: String) {
        let controller = AdmissionController()
        var latencies: [Duration] = []
        latencies.reserveCapacity(1 << 20)
        let clock = ContinuousClock()
        let end = clock.now + window
        var allowed = true
        while clock.now < end {
            let start = clock.now
            let response = controller.review(Self.review, snapshot: store.snapshot())
            latencies.append(clock.now - start)
            allowed = response.isAllowed
        }
        return (latencies, allowed ? "allowed" : "denied")
    }

    /// Runs `body` while a thread sends `eventsPerSecond` pod events (a create of a pod with a fresh
    /// `pod-template-hash`, then the delete of the one made 100 events before) through the fake server's watch.
    static func streamingPodEvents<T>(
        _ server: FakeAPIServer, _ store: SnapshotStore, _ body: () -> T
    ) -> (result: T, events: Int, applied: Bool) {
        let counters = StreamCounters()
        let producer = Thread {
            let clock = ContinuousClock()
            let start = clock.now
            var index = 0
            while !counters.stop.load(ordering: .relaxed) {
                let due = Int(Double((clock.now - start) / .milliseconds(1)) * Double(Self.eventsPerSecond) / 1_000)
                while index < due {
                    let run = index / 2
                    if index % 2 == 0 {
                        server.upsert(.pods, ObjectBuilder.pod(
                            "ns-\(run % Self.namespaces)", "churn-\(run)",
                            labels: ["app": "service-\(run % 10)", "pod-template-hash": "t\(run)"], ports: [("http", 8080)]))
                    } else if run >= 50 {
                        server.delete(.pods, namespace: "ns-\((run - 50) % Self.namespaces)", name: "churn-\(run - 50)")
                    }
                    index += 1
                }
                counters.sent.store(index, ordering: .relaxed)
                Thread.sleep(forTimeInterval: 0.002)
            }
        }
        producer.start()
        let result = body()
        counters.stop.store(true, ordering: .relaxed)
        let events = counters.sent.load(ordering: .relaxed)
        // The last created pod reaches the cache: the stream was applied, not only sent.
        let lastRun = max(0, events / 2 - 1)
        let deadline = ContinuousClock.now + .seconds(30)
        var applied = false
        while !applied, ContinuousClock.now < deadline {
            applied = store.snapshot().pod(namespace: "ns-\(lastRun % Self.namespaces)", name: "churn-\(lastRun)") != nil
            if !applied { Thread.sleep(forTimeInterval: 0.01) }
        }
        return (result, events, applied)
    }

    /// The event producer's stop flag and count of events sent, shared with its thread.
    final class StreamCounters: Sendable {
        let stop = Atomic(false)
        let sent = Atomic(0)
    }

    /// Median, p99 and p99.9 in microseconds.
    static func percentiles(_ latencies: [Duration]) -> String {
        let sorted = latencies.sorted()
        guard !sorted.isEmpty else { return "no samples" }
        func at(_ q: Double) -> String {
            let value = sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]
            return String(format: "%.1f", Double(value / .nanoseconds(1)) / 1_000)
        }
        return "median \(at(0.5)) µs, p99 \(at(0.99)) µs, p99.9 \(at(0.999)) µs"
    }

    /// p99 of `loaded` over p99 of `quiet`.
    static func ratio(_ loaded: [Duration], _ quiet: [Duration]) -> String {
        func p99(_ values: [Duration]) -> Double {
            let sorted = values.sorted()
            return sorted.isEmpty ? 0 : Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))] / .nanoseconds(1))
        }
        let base = p99(quiet)
        return base > 0 ? String(format: "%.2f×", p99(loaded) / base) : "n/a"
    }

    /// Returns free heap pages to the system (glibc `malloc_trim`, looked up because Glibc does not import
    /// `malloc.h`), so RSS reflects what is in use.
    static func trimHeap() {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        typealias Trim = @convention(c) (Int) -> Int32
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
    }

    /// Bytes in MiB with one decimal.
    static func mebibytes(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1_048_576) }

    /// VmRSS and VmHWM of this process, in KiB.
    static func memory() -> (rss: Int, peak: Int) {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
        return (ProcessSample.field("VmRSS", in: status), ProcessSample.field("VmHWM", in: status))
    }

    // MARK: - Realistic objects

    /// A Deployment-owned, meshed pod of about 4 KB: 10 labels, 2 named ports, managed fields, probes, status.
    @Sendable static func pod(_ index: Int) -> [UInt8] {
        let namespace = "ns-\(index / Self.podsPerNamespace)"
        let deployment = (index % Self.podsPerNamespace) / 10
        let app = "service-\(deployment)"
        let hash = String(UInt32(truncatingIfNeeded: deployment &* 2_654_435_761), radix: 36)
        let name = "\(app)-\(hash)-\(String(index, radix: 36))"
        let uid = "1b4e28ba-2fa1-11d2-883f-\(String(format: "%012d", index))"
        let ip = "10.\(index / 65536 % 256).\(index / 256 % 256).\(index % 256)"
        let text = """
            {"metadata":{"name":"\(name)","generateName":"\(app)-\(hash)-","namespace":"\(namespace)","uid":"\(uid)",\
            "resourceVersion":"\(1000 + index)","creationTimestamp":"2026-11-20T10:00:00Z",\
            "labels":{"app":"\(app)","app.kubernetes.io/name":"\(app)","app.kubernetes.io/instance":"\(app)-prod",\
            "app.kubernetes.io/version":"1.4.\(deployment)","app.kubernetes.io/component":"backend",\
            "app.kubernetes.io/part-of":"storefront","pod-template-hash":"\(hash)",\
            "linkerd.io/control-plane-ns":"linkerd","linkerd.io/proxy-deployment":"\(app)","linkerd.io/workload-ns":"\(namespace)"},\
            "annotations":{"linkerd.io/created-by":"linkerd/proxy-injector edge-24.11.1","linkerd.io/inject":"enabled",\
            "linkerd.io/proxy-version":"edge-24.11.1","linkerd.io/trust-root-sha256":"0a6b2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8",\
            "viz.linkerd.io/tap-enabled":"true"},\
            "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"\(app)-\(hash)","uid":"7c9e6679-7425-40de-944b-e07fc1f90ae7","controller":true,"blockOwnerDeletion":true}],\
            "managedFields":[{"manager":"kube-controller-manager","operation":"Update","apiVersion":"v1","time":"2026-11-20T10:00:00Z","fieldsType":"FieldsV1",\
            "fieldsV1":{"f:metadata":{"f:generateName":{},"f:labels":{".":{},"f:app":{},"f:pod-template-hash":{}},"f:ownerReferences":{".":{},"k:{\\"uid\\":\\"7c9e6679\\"}":{}}},\
            "f:spec":{"f:containers":{"k:{\\"name\\":\\"main\\"}":{".":{},"f:image":{},"f:imagePullPolicy":{},"f:name":{},"f:ports":{".":{},"k:{\\"containerPort\\":8080,\\"protocol\\":\\"TCP\\"}":{}},"f:resources":{}}},"f:dnsPolicy":{},"f:restartPolicy":{}}}},\
            {"manager":"kubelet","operation":"Update","apiVersion":"v1","time":"2026-11-20T10:00:05Z","fieldsType":"FieldsV1","subresource":"status",\
            "fieldsV1":{"f:status":{"f:conditions":{},"f:containerStatuses":{},"f:hostIP":{},"f:phase":{},"f:podIP":{},"f:podIPs":{},"f:startTime":{}}}}]},\
            "spec":{"volumes":[{"name":"kube-api-access-x7k2p","projected":{"sources":[{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},\
            {"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}}],"defaultMode":420}},{"name":"linkerd-identity-end-entity","emptyDir":{"medium":"Memory"}}],\
            "initContainers":[{"name":"linkerd-proxy","image":"cr.l5d.io/linkerd/proxy:edge-24.11.1","restartPolicy":"Always",\
            "ports":[{"name":"linkerd-proxy","containerPort":4143,"protocol":"TCP"},{"name":"linkerd-admin","containerPort":4191,"protocol":"TCP"}],\
            "env":[{"name":"LINKERD2_PROXY_LOG","value":"warn,linkerd=info"},{"name":"LINKERD2_PROXY_DESTINATION_SVC_ADDR","value":"linkerd-dst-headless.linkerd.svc.cluster.local.:8086"}],\
            "resources":{},"terminationMessagePath":"/dev/termination-log","imagePullPolicy":"IfNotPresent"}],\
            "containers":[{"name":"main","image":"registry.example.com/storefront/\(app):1.4.\(deployment)",\
            "ports":[{"name":"http","containerPort":8080,"protocol":"TCP"},{"name":"admin","containerPort":9990,"protocol":"TCP"}],\
            "env":[{"name":"POD_NAME","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name"}}},{"name":"LOG_LEVEL","value":"info"}],\
            "resources":{"limits":{"cpu":"500m","memory":"256Mi"},"requests":{"cpu":"100m","memory":"128Mi"}},\
            "volumeMounts":[{"name":"kube-api-access-x7k2p","readOnly":true,"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}],\
            "livenessProbe":{"httpGet":{"path":"/live","port":9990,"scheme":"HTTP"},"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3},\
            "readinessProbe":{"httpGet":{"path":"/ready","port":9990,"scheme":"HTTP"},"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3},\
            "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],\
            "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","serviceAccountName":"\(app)",\
            "nodeName":"node-\(index % 50)","schedulerName":"default-scheduler",\
            "tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},\
            {"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}],"priority":0,"enableServiceLinks":true},\
            "status":{"phase":"Running","conditions":[{"type":"Initialized","status":"True","lastTransitionTime":"2026-11-20T10:00:03Z"},\
            {"type":"Ready","status":"True","lastTransitionTime":"2026-11-20T10:00:05Z"},{"type":"ContainersReady","status":"True","lastTransitionTime":"2026-11-20T10:00:05Z"},\
            {"type":"PodScheduled","status":"True","lastTransitionTime":"2026-11-20T10:00:00Z"}],"hostIP":"192.168.1.\(index % 50)","podIP":"\(ip)",\
            "podIPs":[{"ip":"\(ip)"}],"startTime":"2026-11-20T10:00:00Z",\
            "containerStatuses":[{"name":"main","state":{"running":{"startedAt":"2026-11-20T10:00:04Z"}},"ready":true,"restartCount":0,\
            "image":"registry.example.com/storefront/\(app):1.4.\(deployment)","imageID":"registry.example.com/storefront/\(app)@sha256:3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a09",\
            "containerID":"containerd://\(uid)\(uid)","started":true}],"qosClass":"Burstable"}}
            """
        return Array(text.utf8)
    }

    /// An AuthorizationPolicy of a Server the benchmark lists (`server(index)`'s), with a MeshTLSAuthentication.
    @Sendable static func authorizationPolicy(_ index: Int) -> [UInt8] {
        let namespace = "ns-\(index % Self.namespaces)"
        let app = "service-\((index / Self.namespaces) % 10)"
        return Array(
            """
            {"apiVersion":"policy.linkerd.io/v1alpha1","kind":"AuthorizationPolicy","metadata":{"name":"\(app)-http-authn",\
            "namespace":"\(namespace)","uid":"ap-\(index)","resourceVersion":"\(700 + index)","creationTimestamp":"2026-11-20T09:00:00Z"},\
            "spec":{"targetRef":{"group":"policy.linkerd.io","kind":"Server","name":"\(app)-http"},\
            "requiredAuthenticationRefs":[{"group":"policy.linkerd.io","kind":"MeshTLSAuthentication","name":"\(app)-clients"}]}}
            """.utf8)
    }

    /// A ServerAuthorization selecting Servers by label, for meshed clients of the namespace.
    @Sendable static func serverAuthorization(_ index: Int) -> [UInt8] {
        let namespace = "ns-\(index % Self.namespaces)"
        let app = "service-\((index / Self.namespaces) % 10)"
        return Array(
            """
            {"apiVersion":"policy.linkerd.io/v1beta1","kind":"ServerAuthorization","metadata":{"name":"\(app)-clients",\
            "namespace":"\(namespace)","uid":"saz-\(index)","resourceVersion":"\(900 + index)","creationTimestamp":"2026-11-20T09:00:00Z"},\
            "spec":{"server":{"selector":{"matchLabels":{"app.kubernetes.io/name":"\(app)"}}},\
            "client":{"meshTLS":{"serviceAccounts":[{"name":"frontend","namespace":"\(namespace)"}]}}}}
            """.utf8)
    }

    /// A Server selecting one Deployment's pods on the `http` port (round-robin over the namespaces, so each
    /// namespace's Servers select different Deployments).
    @Sendable static func server(_ index: Int) -> [UInt8] {
        let namespace = "ns-\(index % Self.namespaces)"
        let app = "service-\((index / Self.namespaces) % 10)"
        return Array(
            """
            {"apiVersion":"policy.linkerd.io/v1beta3","kind":"Server","metadata":{"name":"\(app)-http","namespace":"\(namespace)",\
            "uid":"srv-\(index)","resourceVersion":"\(500 + index)","creationTimestamp":"2026-11-20T09:00:00Z"},\
            "spec":{"podSelector":{"matchLabels":{"app":"\(app)"}},"port":"http","proxyProtocol":"HTTP/1"}}
            """.utf8)
    }
}
