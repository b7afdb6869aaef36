import KubeCache
import PolicyAPI

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A static snapshot of the cluster from a file: Pods, Servers, ExternalWorkloads, AuthorizationPolicies,
/// ServerAuthorizations and HTTPRoutes as YAML or JSON documents (or `kind: List`). Used by `serve --inventory` and
/// `check --inventory`.
package enum InventoryFile {
    /// Why an inventory cannot be used.
    package struct LoadError: Error, CustomStringConvertible {
        package var description: String
    }

    /// Loads and indexes an inventory file.
    package static func load(path: String) throws(LoadError) -> ClusterSnapshot {
        let text: String
        do {
            text = try ManifestInput.read(path)
        } catch {
            throw LoadError(description: "inventory \(error)")
        }
        do {
            let documents = try ManifestReader.documents(in: text)
            return ClusterSnapshot(inventory: documents.map(\.value))
        } catch {
            throw LoadError(description: "inventory \(path): \(error)")
        }
    }
}
