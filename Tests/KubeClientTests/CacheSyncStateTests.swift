import KubeCache
import KubeClient
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The contact time behind `cache_contact_age_seconds`: a list or any watch traffic (events, bookmarks) renews it,
/// while the last full list stays what it was.
struct CacheSyncStateTests {
    @Test func watchContactAfterListRenewsContactTimeButNotListTime() throws {
        let state = CacheSyncState(store: SnapshotStore(), kinds: [.pods, .servers])
        let listed = Date(timeIntervalSince1970: 1_000)
        let heard = Date(timeIntervalSince1970: 1_300)
        state.recordList(.pods, at: listed)
        state.recordContact(.pods, at: heard)
        let pods = try #require(state.status().resources[.pods])
        #expect(pods.lastSyncTime == listed)
        #expect(pods.lastContactTime == heard)
        #expect(state.status().resources[.servers]?.lastContactTime == nil)
    }

    @Test func listSetsContactTime() throws {
        let state = CacheSyncState(store: SnapshotStore(), kinds: [.servers])
        let listed = Date(timeIntervalSince1970: 2_000)
        state.recordList(.servers, at: listed)
        #expect(try #require(state.status().resources[.servers]).lastContactTime == listed)
    }
}
