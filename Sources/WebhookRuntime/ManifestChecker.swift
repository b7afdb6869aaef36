import KubeCache
import PolicyAPI
import PolicyCore

/// `check`: validates manifests offline with the same controller the server uses, as if each document were sent
/// by `kubectl apply` (a CREATE) in order: an admitted Server joins the cache, so later documents see it.
package struct ManifestChecker: Sendable {
    /// The verdict on one document.
    package struct Finding: Sendable {
        package var source: String
        package var documentIndex: Int
        package var kind: String
        package var namespace: String
        package var name: String
        package var verdict: Verdict
    }

    package let controller: AdmissionController
    /// Namespace for namespaced objects without `metadata.namespace` (kubectl's current namespace).
    package let defaultNamespace: String

    package init(controller: AdmissionController, defaultNamespace: String = "default") {
        self.controller = controller
        self.defaultNamespace = defaultNamespace
    }

    /// Checks the documents of one source, updating `snapshot` with every admitted Server.
    package func check(_ documents: [ManifestReader.Document], source: String, snapshot: inout ClusterSnapshot) -> [Finding] {
        var findings: [Finding] = []
        for document in documents {
            for object in Self.expandLists(document.value) {
                findings.append(self.check(object, source: source, index: document.index, snapshot: &snapshot))
            }
        }
        return findings
    }

    /// Checks one object as a CREATE.
    package func check(_ object: JSONValue, source: String, index: Int, snapshot: inout ClusterSnapshot) -> Finding {
        let gvk = GroupVersionKind(
            apiVersion: object["apiVersion"]?.stringValue ?? "",
            kind: object["kind"]?.stringValue ?? ""
        )
        let metadata = object["metadata"]
        let name = metadata?["name"]?.stringValue ?? metadata?["generateName"]?.stringValue ?? ""
        let namespace = gvk.group.isEmpty && gvk.kind == "Namespace"
            ? name : (metadata?["namespace"]?.stringValue ?? self.defaultNamespace)
        let request = AdmissionRequest(
            uid: "check-\(index)",
            kind: gvk,
            name: name,
            namespace: namespace,
            operation: .create,
            object: Self.withNamespace(object, namespace: namespace, kind: gvk)
        )
        let verdict: Verdict
        if gvk.kind.isEmpty || gvk.version.isEmpty {
            verdict = .denied(
                violations: [Violation(.schema, at: FieldPath(gvk.kind.isEmpty ? "kind" : "apiVersion"), "is required; every manifest names its apiVersion and kind")],
                warnings: []
            )
        } else {
            verdict = self.controller.verdict(for: request, snapshot: snapshot)
        }
        if let server = verdict.admittedServer(of: request) {
            snapshot.apply(server)
        }
        return Finding(source: source, documentIndex: index, kind: gvk.kind, namespace: namespace, name: name, verdict: verdict)
    }

    /// `kind: List` (and `*List`) documents hold objects in `items`.
    static func expandLists(_ value: JSONValue) -> [JSONValue] {
        guard let kind = value["kind"]?.stringValue, kind.hasSuffix("List"), let items = value["items"]?.arrayValue else {
            return [value]
        }
        return items.flatMap(Self.expandLists)
    }

    /// The object with `metadata.namespace` filled in, as the API server would send it.
    static func withNamespace(_ object: JSONValue, namespace: String, kind: GroupVersionKind) -> JSONValue {
        guard case .object(var members) = object, !(kind.group.isEmpty && kind.kind == "Namespace") else { return object }
        var metadata = members["metadata"]?.objectValue ?? [:]
        if metadata["namespace"] == nil { metadata["namespace"] = .string(namespace) }
        members["metadata"] = .object(metadata)
        return .object(members)
    }
}
