import PolicyAPI

/// The CRD version an object is judged in: the version of its own `apiVersion` (what the API server converted it
/// to), falling back to the request's `kind` when the object does not say.
package enum ObjectVersion {
    /// The version of `object`, for schema selection.
    package static func of(_ object: JSONValue, context: ValidationContext) -> String {
        guard let apiVersion = object["apiVersion"]?.stringValue else { return context.kind.version }
        let parts = GroupVersionKind.split(apiVersion: apiVersion)
        guard parts.group == context.kind.group, !parts.version.isEmpty else { return context.kind.version }
        return parts.version == context.kind.version ? context.kind.version : String(parts.version)
    }
}
