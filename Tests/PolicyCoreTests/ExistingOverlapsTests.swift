import KubeCache
import PolicyCore
import Testing

@Suite struct ExistingOverlapsTests {
    @Test func reportsEachOverlappingPairOnceWithAnExample() {
        var snapshot = ClusterSnapshot()
        snapshot.apply(PodRecord(namespace: "shop", name: "web-1", labels: ["app": "web"], phase: "Running", ports: [DeclaredPort(name: "http", number: 8080)]))
        let web = LabelSelector(matchLabels: ["app": "web"])
        snapshot.apply(ServerRecord(namespace: "shop", name: "a", selector: .pods(web), port: .number(8080)))
        snapshot.apply(ServerRecord(namespace: "shop", name: "b", selector: .pods(web), port: .name("http")))
        snapshot.apply(ServerRecord(namespace: "shop", name: "c", selector: .pods(web), port: .number(9090)))
        snapshot.apply(ServerRecord(namespace: "other", name: "d", selector: .pods(web), port: .number(8080)))
        let overlaps = ExistingOverlaps.find(in: snapshot)
        #expect(overlaps.map(\.description) == [#"shop: Server "a" and Server "b" overlap on web-1/8080"#])
    }

    @Test func identicalSelectorsWithoutPodsAreReported() {
        var snapshot = ClusterSnapshot()
        let web = LabelSelector(matchLabels: ["app": "web"])
        snapshot.apply(ServerRecord(namespace: "shop", name: "a", selector: .pods(web), port: .number(8080)))
        snapshot.apply(ServerRecord(namespace: "shop", name: "b", selector: .pods(web), port: .number(8080)))
        #expect(ExistingOverlaps.find(in: snapshot).map(\.description) == [#"shop: Server "a" and Server "b" overlap"#])
    }
}
