import KubeCache
import PolicyAPI
import PolicyCore

/// `check`: validates manifests offline with the same controller the server uses, as if each document were sent
/// by `kubectl apply` (a CREATE) in order: an admitted Server or HTTPRoute joins the cache, so later documents see
/// it. The AuthorizationPolicies and ServerAuthorizations of the documents join it first: `kubectl apply` creates
/// them within seconds of the Servers they authorize, so a Server listed before its policy is not said to have none.
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
        let objects = documents.flatMap { document in Self.expandLists(document.value).map { (document.index, $0) } }
        for (_, object) in objects {
            let (gvk, namespace, _) = self.identity(of: object)
            guard gvk.group == "policy.linkerd.io", gvk.kind == "AuthorizationPolicy" || gvk.kind == "ServerAuthorization",
                let authorization = AuthorizationRecord(object: Self.withNamespace(object, namespace: namespace, kind: gvk))
            else { continue }
            snapshot.apply(authorization)
        }
        return objects.map { index, object in self.check(object, source: source, index: index, snapshot: &snapshot) }
    }

    /// The object's kind, namespace (the default one when it names none) and name.
    private func identity(of object: JSONValue) -> (kind: GroupVersionKind, namespace: String, name: String) {
        let gvk = GroupVersionKind(
            apiVersion: object["apiVersion"]?.stringValue ?? "",
            kind: object["kind"]?.stringValue ?? ""
        )
        let metadata = object["metadata"]
        let name = metadata?["name"]?.stringValue ?? metadata?["generateName"]?.stringValue ?? ""
        let namespace = gvk.group.isEmpty && gvk.kind == "Namespace"
            ? name : (metadata?["namespace"]?.stringValue ?? self.defaultNamespace)
        return (gvk, namespace, name)
    }

    /// Checks one object as a CREATE.
    package func check(_ object: JSONValue, source: String, index: Int, snapshot: inout ClusterSnapshot) -> Finding {
        let (gvk, namespace, name) = self.identity(of: object)
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
        // A route that was admitted is the Server's first no more (rule 8b).
        if verdict.isAllowed, gvk.kind == "HTTPRoute", gvk.group == "policy.linkerd.io" || gvk.group == "gateway.networking.k8s.io",
            let object = request.object, let route = RouteRecord(object: object)
        {
            snapshot.apply(route)
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
