import PolicyAPI

/// The CRD version an object is judged in: the version of its own `apiVersion` (what the API server converted it
/// to), falling back to the request's `kind` when the object does not say.
package enum ObjectVersion {
    /// The version of `object`, for schema selection.
    package static func of(_ object: JSONValue, context: ValidationContext) -> String {
        guard let apiVersion = object["apiVersion"]?.stringValue else { return context.kind.version }
        if Self.spells(apiVersion, group: context.kind.group, version: context.kind.version) {
            return context.kind.version
        }
        let parts = GroupVersionKind.split(apiVersion: apiVersion)
        guard parts.group == context.kind.group, !parts.version.isEmpty else { return context.kind.version }
        return parts.version == context.kind.version ? context.kind.version : String(parts.version)
    }

    /// Whether `apiVersion` is exactly `group/version`: the common case (the object in the version the request
    /// names), decided by comparing bytes, without splitting the string.
    package static func spells(_ apiVersion: String, group: String, version: String) -> Bool {
        !group.isEmpty && apiVersion.isJoined(group, UInt8(ascii: "/"), version)
    }
}
