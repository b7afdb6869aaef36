import KubeCache
import PolicyAPI
import PolicyCore
import Testing

/// A synced cache keeps answering during an API-server outage; past a threshold, verdicts that read it say so.
@Suite struct StaleStateWarningTests {
    static func request(kind: String, object: String) throws -> AdmissionRequest {
        AdmissionRequest(
            uid: "u1", kind: GroupVersionKind(group: "policy.linkerd.io", version: kind == "Server" ? "v1beta3" : "v1alpha1", kind: kind),
            name: "x", namespace: "shop", operation: .create, object: try JSONDecoding.decode(Array(object.utf8))
        )
    }

    static let server = #"{"apiVersion":"policy.linkerd.io/v1beta3","kind":"Server","metadata":{"name":"x","namespace":"shop"},"spec":{"podSelector":{"matchLabels":{"app":"web"}},"port":8080}}"#
    static let network = #"{"apiVersion":"policy.linkerd.io/v1alpha1","kind":"NetworkAuthentication","metadata":{"name":"x","namespace":"shop"},"spec":{"networks":[{"cidr":"10.0.0.0/8"}]}}"#

    static func snapshot(outage: Double?) -> ClusterSnapshot {
        var snapshot = ClusterSnapshot.empty
        snapshot.feedOutageSeconds = outage
        return snapshot
    }

    @Test func serverVerdictWarnsOnceTheOutageIsLongerThanTheThreshold() throws {
        let controller = AdmissionController(configuration: AdmissionConfiguration(staleStateWarningSeconds: 60))
        let request = try Self.request(kind: "Server", object: Self.server)
        let fresh = controller.review(request, snapshot: Self.snapshot(outage: 59))
        #expect(fresh.isAllowed && fresh.warnings.isEmpty)
        let stale = controller.review(request, snapshot: Self.snapshot(outage: 300))
        #expect(stale.isAllowed)
        #expect(stale.warnings == ["the API server has been unreachable for 5 min: overlaps were checked against the last known cluster state"])
        #expect(stale.warnings.allSatisfy { $0.count < 120 })
    }

    @Test func kindsThatDoNotReadTheCacheGetNoWarning() throws {
        let controller = AdmissionController()
        let response = controller.review(try Self.request(kind: "NetworkAuthentication", object: Self.network), snapshot: Self.snapshot(outage: 3600))
        #expect(response.isAllowed && response.warnings.isEmpty)
    }
}
