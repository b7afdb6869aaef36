import KubeCache
import PolicyAPI

/// The Server under review as the overlap rule first reads it: name, namespace, port and selector, no more.
///
/// Most reviews find no overlap, and then nothing else of the Server is needed. Reading a whole `ServerRecord`
/// up front (annotations, Helm release, a `LabelSelector` with its dictionary and sets) cost more than the rest
/// of the rule, so the record is read only to report a finding (`record()`), and the `LabelSelector` only when a
/// comparison goes beyond today's selections (`labelSelector()`).
struct ReviewedServer {
    /// The object as reviewed.
    let object: JSONValue
    /// The request's name and namespace, or the object's when the request has none (as `record()` has them).
    let name: String
    let namespace: String
    let port: ServerPort
    let selectorKind: ServerSelector.Kind
    /// `spec.podSelector` or `spec.externalWorkloadSelector`, as written.
    let selectorJSON: JSONValue
    /// `selectorJSON` read as a `LabelSelector`, once asked for (`.some(nil)`: unusable).
    private var readSelector: LabelSelector??

    /// Nil when the object has no usable port or no selector: `ServerRecord(object:)` would have neither, and
    /// such a Server selects nothing (its schema errors are `ServerValidator`'s).
    init?(object: JSONValue, context: ValidationContext) {
        guard case .object = object, let spec = object["spec"],
            let port = spec["port"].flatMap(ServerPort.init(json:))
        else { return nil }
        // podSelector wins when both are present, as in `ServerRecord(object:)`.
        if let podSelector = spec.presentMember("podSelector") {
            (self.selectorKind, self.selectorJSON) = (.pods, podSelector)
        } else if let workloadSelector = spec.presentMember("externalWorkloadSelector") {
            (self.selectorKind, self.selectorJSON) = (.externalWorkloads, workloadSelector)
        } else {
            return nil
        }
        let metadata = object["metadata"]
        self.object = object
        self.port = port
        self.name = context.name.isEmpty ? metadata?["name"]?.stringValue ?? "" : context.name
        self.namespace = context.namespace.isEmpty ? metadata?["namespace"]?.stringValue ?? "" : context.namespace
    }

    /// The selector as a `LabelSelector`, read on first use; nil when unusable.
    mutating func labelSelector() -> LabelSelector? {
        if let read = self.readSelector { return read }
        let read = LabelSelector(json: self.selectorJSON)
        self.readSelector = .some(read)
        return read
    }

    /// The whole record, for reporting a finding: what the cache would store for this object (a Server without a
    /// name, from generateName, under an empty name), with the request's name and namespace.
    func record() -> ServerRecord? {
        guard var record = ServerRecord(object: self.object) ?? Self.unnamedRecord(self.object) else { return nil }
        record.name = self.name
        record.namespace = self.namespace
        return record
    }

    /// A Server object without a name (generateName): still checked, under an empty name.
    private static func unnamedRecord(_ object: JSONValue) -> ServerRecord? {
        guard case .object(var members) = object else { return nil }
        var metadata = members["metadata"]?.objectValue ?? [:]
        metadata["name"] = .string("")
        members["metadata"] = .object(metadata)
        return ServerRecord(object: .object(members))
    }
}
