import KubeCache
import PolicyCore

extension AdmissionEndpoint {
    /// An endpoint over a static cluster (the inventory file at `path`, or an empty synced cluster when nil),
    /// deciding as `configuration` says.
    package static func inventory(
        path: String?, configuration: AdmissionConfiguration = AdmissionConfiguration()
    ) throws(WebhookServerError) -> AdmissionEndpoint {
        var snapshot = ClusterSnapshot(isSynced: true)
        if let path {
            do {
                snapshot = try InventoryFile.load(path: path)
            } catch {
                throw WebhookServerError(description: error.description)
            }
        }
        return AdmissionEndpoint(
            controller: AdmissionController(configuration: configuration),
            snapshots: StaticSnapshotProvider(snapshot)
        )
    }
}
