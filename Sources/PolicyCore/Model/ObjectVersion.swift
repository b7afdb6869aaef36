import PolicyAPI

/// The CRD version an object is judged in: the version of its own `apiVersion` (what the API server converted it
/// to), falling back to the request's `kind` when the object does not say.
package enum ObjectVersion {
    /// The version of `object`, for schema selection.
    package static func of(_ object: JSONValue, context: ValidationContext) -> String {
        if let apiVersion = object["apiVersion"]?.stringValue {
            let gvk = GroupVersionKind(apiVersion: apiVersion, kind: context.kind.kind)
            if gvk.group == context.kind.group, !gvk.version.isEmpty { return gvk.version }
        }
        return context.kind.version
    }
}
