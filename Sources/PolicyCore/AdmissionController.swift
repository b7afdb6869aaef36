import KubeCache
import PolicyAPI

/// Decides one AdmissionRequest: a synchronous, total function of the request and a cluster snapshot.
package struct AdmissionController: Sendable {
    package let configuration: AdmissionConfiguration

    package init(configuration: AdmissionConfiguration = AdmissionConfiguration()) {
        self.configuration = configuration
    }

    /// Reviews a request against the snapshot.
    package func review(_ request: AdmissionRequest, snapshot: ClusterSnapshot) -> AdmissionResponse {
        AdmissionResponse(uid: request.uid, isAllowed: true)
    }
}
