import KubeCache
import PolicyAPI
import Testing

@Suite struct ClusterSnapshotTests {
    static func pod(_ name: String, labels: [String: String], phase: String? = "Running", namespace: String = "shop") -> PodRecord {
        PodRecord(namespace: namespace, name: name, labels: labels, phase: phase, ports: [DeclaredPort(name: "http", number: 8080)])
    }

    @Test func selectorQueriesUseTheLabelIndexAndSkipTerminatedPods() {
        var snapshot = ClusterSnapshot()
        snapshot.apply(Self.pod("web-1", labels: ["app": "web"]))
        snapshot.apply(Self.pod("web-2", labels: ["app": "web"], phase: "Succeeded"))
        snapshot.apply(Self.pod("web-3", labels: ["app": "web"], phase: nil))
        snapshot.apply(Self.pod("api-1", labels: ["app": "api"]))
        snapshot.apply(Self.pod("web-9", labels: ["app": "web"], namespace: "other"))
        let selected = snapshot.pods(in: "shop", selectedBy: LabelSelector(matchLabels: ["app": "web"])).map(\.name).sorted()
        #expect(selected == ["web-1", "web-3"])
        let notWeb = snapshot.pods(in: "shop", selectedBy: LabelSelector(matchExpressions: [.init(key: "app", operator: .notIn, values: ["web"])]))
        #expect(notWeb.map(\.name) == ["api-1"])
    }

    @Test func relabelledPodMovesInTheIndex() {
        var snapshot = ClusterSnapshot()
        snapshot.apply(Self.pod("p", labels: ["app": "web"]))
        snapshot.apply(Self.pod("p", labels: ["app": "api"]))
        #expect(snapshot.pods(in: "shop", selectedBy: LabelSelector(matchLabels: ["app": "web"])).isEmpty)
        #expect(snapshot.pods(in: "shop", selectedBy: LabelSelector(matchLabels: ["app": "api"])).count == 1)
        snapshot.deletePod(namespace: "shop", name: "p")
        #expect(snapshot.counts.pods == 0)
        #expect(snapshot.namespaces.isEmpty)
    }

    @Test func inventoryKeepsPodsServersAndExternalWorkloads() throws {
        let inventory = try JSONDecoding.decode(Array(#"""
            [{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","namespace":"shop","labels":{"app":"web"}},
              "spec":{"containers":[{"name":"web","ports":[{"name":"http","containerPort":8080}]}]}},
             {"apiVersion":"policy.linkerd.io/v1beta3","kind":"Server","metadata":{"name":"web-http","namespace":"shop",
              "annotations":{"meta.helm.sh/release-name":"r","meta.helm.sh/release-namespace":"shop"}},
              "spec":{"podSelector":{"matchLabels":{"app":"web"}},"port":"http"}},
             {"apiVersion":"workload.linkerd.io/v1beta1","kind":"ExternalWorkload","metadata":{"name":"vm-1","namespace":"shop"},
              "spec":{"ports":[{"name":"http","port":80}]}},
             {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop"}}]
            """#.utf8))
        let snapshot = ClusterSnapshot(inventory: inventory.arrayValue ?? [])
        #expect(snapshot.counts == ClusterSnapshot.Counts(pods: 1, servers: 1, externalWorkloads: 1))
        let server = try #require(snapshot.server(namespace: "shop", name: "web-http"))
        #expect(server.port == .name("http"))
        #expect(server.helmRelease == HelmRelease(name: "r", namespace: "shop"))
        #expect(server.selector == .pods(LabelSelector(matchLabels: ["app": "web"])))
        #expect(ServerPort.name("http").resolve(on: snapshot.pods(in: "shop", selectedBy: LabelSelector())[0].ports) == [8080])
    }
}

@Suite struct PodReplacementTests {
    @Test func replacingPodsKeepsServersAndDropsNamespacesWithoutPods() {
        var snapshot = ClusterSnapshot()
        snapshot.apply(PodRecord(namespace: "a", name: "old", labels: ["app": "x"]))
        snapshot.apply(PodRecord(namespace: "b", name: "gone", labels: ["app": "y"]))
        snapshot.apply(ServerRecord(namespace: "b", name: "srv", selector: nil, port: nil))
        var batch = ClusterSnapshot(isSynced: false, strings: snapshot.strings)
        batch.apply(PodRecord(namespace: "a", name: "new", labels: ["app": "x"]))
        snapshot.replacePods(with: batch)
        #expect(snapshot.pods(in: "a", selectedBy: LabelSelector(matchLabels: ["app": "x"])).map(\.name) == ["new"])
        #expect(snapshot.pod(namespace: "b", name: "gone") == nil)
        #expect(snapshot.server(namespace: "b", name: "srv") != nil)
    }

    @Test func batchWithOtherStringsIsReinterned() {
        var snapshot = ClusterSnapshot()
        var batch = ClusterSnapshot(isSynced: false)
        batch.apply(PodRecord(namespace: "a", name: "p", labels: ["tier": "db"], ports: [DeclaredPort(name: "sql", number: 5432)]))
        snapshot.replacePods(with: batch)
        #expect(snapshot.pod(namespace: "a", name: "p")?.labels == ["tier": "db"])
        #expect(snapshot.pod(namespace: "a", name: "p")?.ports == [DeclaredPort(name: "sql", number: 5432)])
    }
}

@Suite struct CompactUIDTests {
    @Test(arguments: ["d4647365-7d11-4798-b79a-29d64d1b146e", "00000000-0000-0000-0000-000000000000", "uid-shop-web-1",
                      "D4647365-7D11-4798-B79A-29D64D1B146E", ""])
    func uidRoundTrips(_ uid: String) {
        var snapshot = ClusterSnapshot()
        snapshot.apply(PodRecord(namespace: "n", name: "p", uid: uid))
        #expect(snapshot.pod(namespace: "n", name: "p")?.uid == uid)
    }
}
