@testable import KubeCache
import Testing

/// Pods of one ReplicaSet carry the same labels and ports: the cache keeps one copy of each, before and after a
/// string compaction, and a pod that differs gets its own.
struct PodStorageSharingTests {
    static let replicaLabels = ["app": "web", "pod-template-hash": "7d9f8b6c5", "tier": "frontend"]
    static let ports = [DeclaredPort(name: "http", number: 8080), DeclaredPort(name: "admin", number: 9990)]

    static func pod(_ name: String, labels: [String: String] = Self.replicaLabels, ports: [DeclaredPort] = Self.ports) -> PodRecord {
        PodRecord(namespace: "shop", name: name, labels: labels, phase: "Running", ports: ports)
    }

    static func storage(of name: String, in snapshot: ClusterSnapshot) throws -> (labels: UnsafeRawPointer?, ports: UnsafeRawPointer?) {
        let objects = try #require(snapshot.namespaces["shop"])
        let pod = try #require(objects.podSlots.compactMap { $0 }.first { $0.name == name })
        return (
            pod.labels.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) },
            pod.ports.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        )
    }

    @Test func replicasShareOneCopyOfTheirLabelsAndPorts() throws {
        var snapshot = ClusterSnapshot()
        for name in ["web-1", "web-2", "web-3"] { snapshot.apply(Self.pod(name)) }
        snapshot.apply(Self.pod("web-canary", labels: Self.replicaLabels.merging(["track": "canary"]) { $1 }))
        let first = try Self.storage(of: "web-1", in: snapshot)
        #expect(try Self.storage(of: "web-2", in: snapshot) == first)
        #expect(try Self.storage(of: "web-3", in: snapshot) == first)
        let canary = try Self.storage(of: "web-canary", in: snapshot)
        #expect(canary.labels != first.labels)
        #expect(canary.ports == first.ports)
        #expect(snapshot.namespaces["shop"]?.pods["web-canary"]?.labels["track"] == "canary")
        #expect(snapshot.namespaces["shop"]?.pods["web-2"]?.labels == Self.replicaLabels)
    }

    @Test func sharingSurvivesAStringCompaction() throws {
        var snapshot = ClusterSnapshot()
        for index in 0..<200 {
            snapshot.apply(Self.pod("job-\(index)", labels: ["job-name": "run-\(index)"]))
            snapshot.deletePod(namespace: "shop", name: "job-\(index)")
        }
        for name in ["web-1", "web-2"] { snapshot.apply(Self.pod(name)) }
        snapshot.compactStrings()
        #expect(try Self.storage(of: "web-1", in: snapshot) == (try Self.storage(of: "web-2", in: snapshot)))
        #expect(snapshot.namespaces["shop"]?.pods["web-2"]?.labels == Self.replicaLabels)
        #expect(snapshot.namespaces["shop"]?.pods["web-1"]?.ports == Self.ports)
    }
}
