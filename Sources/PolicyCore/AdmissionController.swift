import KubeCache
import PolicyAPI

/// Decides one AdmissionRequest: a synchronous, total function of the request and a cluster snapshot.
package struct AdmissionController: Sendable {
    package init() {}

    /// Reviews a request against the snapshot.
    package func review(_ request: AdmissionRequest, snapshot: ClusterSnapshot) -> AdmissionResponse {
        AdmissionResponse(uid: request.uid, isAllowed: true)
    }
}
