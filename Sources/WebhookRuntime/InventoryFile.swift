import KubeCache
import PolicyAPI

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A static snapshot of the cluster from a file: Pods, Servers and ExternalWorkloads as YAML or JSON documents
/// (or `kind: List`). Used by `serve --inventory` and `check --inventory`.
package enum InventoryFile {
    /// Why an inventory cannot be used.
    package struct LoadError: Error, CustomStringConvertible {
        package var description: String
    }

    /// Loads and indexes an inventory file.
    package static func load(path: String) throws(LoadError) -> ClusterSnapshot {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw LoadError(description: "inventory \(path): cannot be read")
        }
        do {
            let documents = try ManifestReader.documents(in: String(decoding: data, as: UTF8.self))
            return ClusterSnapshot(inventory: documents.map(\.value))
        } catch {
            throw LoadError(description: "inventory \(path): \(error)")
        }
    }
}
