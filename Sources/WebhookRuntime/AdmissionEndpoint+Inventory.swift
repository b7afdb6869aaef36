import KubeCache
import PolicyCore

extension AdmissionEndpoint {
    /// An endpoint over a static cluster: the inventory file at `path`, or an empty synced cluster when nil.
    package static func inventory(
        path: String?,
        overlapMode: WebhookConfiguration.OverlapMode = .deny,
        unsyncedPolicy: WebhookConfiguration.UnsyncedPolicy = .deny
    ) throws(WebhookServerError) -> AdmissionEndpoint {
        var snapshot = ClusterSnapshot(isSynced: true)
        if let path {
            do {
                snapshot = try InventoryFile.load(path: path)
            } catch {
                throw WebhookServerError(description: error.description)
            }
        }
        let configuration = AdmissionConfiguration(overlapMode: overlapMode, unsyncedPolicy: unsyncedPolicy)
        return AdmissionEndpoint(
            controller: AdmissionController(configuration: configuration),
            snapshots: StaticSnapshotProvider(snapshot)
        )
    }
}
