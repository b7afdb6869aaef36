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

    @Test func sharedPortsBeyondTheFirstFewAreCountedAndTheOlderServerApplies() {
        var snapshot = ClusterSnapshot()
        for index in 1...7 {
            snapshot.apply(PodRecord(namespace: "shop", name: "web-\(index)", labels: ["app": "web"], phase: "Running", ports: [DeclaredPort(name: "http", number: 8080)]))
        }
        let web = LabelSelector(matchLabels: ["app": "web"])
        snapshot.apply(ServerRecord(namespace: "shop", name: "a", creationTimestamp: "2026-03-01T00:00:00Z", selector: .pods(web), port: .number(8080)))
        snapshot.apply(ServerRecord(namespace: "shop", name: "b", creationTimestamp: "2026-01-01T00:00:00Z", selector: .pods(web), port: .name("http")))
        let overlaps = ExistingOverlaps.find(in: snapshot)
        #expect(overlaps.map(\.appliedServer) == ["b"])
        #expect(overlaps.map(\.sharedPorts) == [["web-1/8080", "web-2/8080", "web-3/8080", "web-4/8080", "web-5/8080"]])
        #expect(overlaps.map(\.sharedPortCount) == [7])
        #expect(ExistingOverlaps.json(overlaps) == #"{"overlaps":[{"namespace":"shop","servers":["a","b"],"appliedServer":"b","sharedPorts":["web-1/8080","web-2/8080","web-3/8080","web-4/8080","web-5/8080"],"sharedPortCount":7}],"count":1}"# + "\n")
    }

    @Test func noOverlapRendersAnEmptyJSONList() {
        #expect(ExistingOverlaps.json([]) == #"{"overlaps":[],"count":0}"# + "\n")
    }
}
