import KubeCache
import PolicyAPI
import PolicyCore

/// The overlap decision for a Server review against a large synthetic cache, and the cache's memory.
struct OverlapBenchmark {
    var pods: Int
    var namespaces: Int
    var servers: Int
    var iterations: Int

    func run() {
        let before = residentMiB()
        var snapshot = ClusterSnapshot()
        let podsPerNamespace = max(1, self.pods / self.namespaces)
        let serversPerNamespace = max(1, self.servers / self.namespaces)
        for namespaceIndex in 0..<self.namespaces {
            let namespace = "team-\(namespaceIndex)"
            for podIndex in 0..<podsPerNamespace {
                let app = "app-\(podIndex % serversPerNamespace)"
                var labels = ["app": app, "pod-template-hash": "h\(podIndex)", "version": "v\(podIndex % 3)"]
                for extra in 0..<7 { labels["example.com/label-\(extra)"] = "value-\(extra)-\(podIndex % 5)" }
                snapshot.apply(PodRecord(
                    namespace: namespace, name: "\(app)-\(podIndex)-x7k2p", uid: "uid-\(namespaceIndex)-\(podIndex)",
                    labels: labels, phase: "Running",
                    ports: [DeclaredPort(name: "http", number: 8080), DeclaredPort(name: "admin", number: 9990)]
                ))
            }
            for serverIndex in 0..<serversPerNamespace {
                snapshot.apply(ServerRecord(
                    namespace: namespace, name: "app-\(serverIndex)-http", creationTimestamp: "2026-01-01T00:00:00Z",
                    selector: .pods(LabelSelector(matchLabels: ["app": "app-\(serverIndex)"])), port: .name("http")
                ))
            }
        }
        let after = residentMiB()
        let counts = snapshot.counts
        let controller = AdmissionController()
        let request = AdmissionRequest(
            uid: "bench", kind: GroupVersionKind(group: "policy.linkerd.io", version: "v1beta3", kind: "Server"),
            name: "app-3-admin", namespace: "team-500", operation: .create,
            object: .object([
                "apiVersion": .string("policy.linkerd.io/v1beta3"), "kind": .string("Server"),
                "metadata": .object(["name": .string("app-3-admin"), "namespace": .string("team-500")]),
                "spec": .object([
                    "podSelector": .object(["matchLabels": .object(["app": .string("app-3")])]),
                    "port": .string("admin"), "proxyProtocol": .string("HTTP/1"),
                ]),
            ])
        )
        let verdict = controller.verdict(for: request, snapshot: snapshot)
        let summary = Summary(Stopwatch.measure(iterations: self.iterations) { _ = controller.review(request, snapshot: snapshot) })
        print("### Overlap decision on a large cache\n")
        print("| pods | namespaces | Servers | cache RSS (MiB) | Server review median (µs) | p99 (µs) | verdict |")
        print("|---|---|---|---|---|---|---|")
        print("| \(counts.pods) | \(self.namespaces) | \(counts.servers) | \(Summary.format(after - before)) | \(Summary.format(summary.median)) | \(Summary.format(summary.p99)) | \(verdict.isAllowed ? "allowed" : "denied") |")
        print("")
    }
}
