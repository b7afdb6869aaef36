import KubeCache
import PolicyAPI
import PolicyCore
import Synchronization
import Testing
import WebhookRuntime

/// A Server admitted for real is handed to the cache at once, so a conflicting one applied a moment later is
/// refused before the watch event arrives; dry runs and denials are not recorded.
@Suite struct AdmittedServerRecordingTests {
    static func review(name: String, dryRun: Bool = false) -> [UInt8] {
        Array(#"""
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u-\#(name)",
             "kind":{"group":"policy.linkerd.io","version":"v1beta3","kind":"Server"},"name":"\#(name)","namespace":"shop",
             "operation":"CREATE","dryRun":\#(dryRun),"object":{"apiVersion":"policy.linkerd.io/v1beta3","kind":"Server",
             "metadata":{"name":"\#(name)","namespace":"shop"},"spec":{"podSelector":{"matchLabels":{"app":"web"}},"port":8080}}}}
            """#.utf8)
    }

    static func endpoint(store: SnapshotStore) -> AdmissionEndpoint {
        AdmissionEndpoint(controller: AdmissionController(), snapshots: store, onServerAdmitted: { store.recordAdmitted($0) })
    }

    @Test func secondServerIsRefusedBeforeTheWatchEventArrives() {
        let store = SnapshotStore(ClusterSnapshot(isSynced: true))
        let endpoint = Self.endpoint(store: store)
        #expect(endpoint.answer(body: Self.review(name: "web-a")).response?.isAllowed == true)
        let second = endpoint.answer(body: Self.review(name: "web-b")).response
        #expect(second?.isAllowed == false)
        #expect(second?.message?.contains(#"Server "web-a""#) == true)
        #expect(store.snapshot().provisionalServers.count == 1)
    }

    @Test func dryRunIsNotRecorded() {
        let store = SnapshotStore(ClusterSnapshot(isSynced: true))
        let endpoint = Self.endpoint(store: store)
        #expect(endpoint.answer(body: Self.review(name: "web-a", dryRun: true)).response?.isAllowed == true)
        #expect(endpoint.answer(body: Self.review(name: "web-b")).response?.isAllowed == true)
    }
}
