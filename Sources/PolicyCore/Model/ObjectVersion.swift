import PolicyAPI

/// The CRD version an object is judged in: the version of its own `apiVersion` (what the API server converted it
/// to), falling back to the request's `kind` when the object does not say.
package enum ObjectVersion {
    /// The version of `object`, for schema selection.
    package static func of(_ object: JSONValue, context: ValidationContext) -> String {
        guard let apiVersion = object["apiVersion"]?.stringValue else { return context.kind.version }
        // Compared in place: `group/version`, or a bare version for the core group.
        let utf8 = apiVersion.utf8
        let slash = utf8.firstIndex(of: UInt8(ascii: "/"))
        let group = slash.map { utf8[..<$0] } ?? utf8[utf8.startIndex..<utf8.startIndex]
        let version = slash.map { utf8[utf8.index(after: $0)...] } ?? utf8[...]
        guard group.elementsEqual(context.kind.group.utf8), !version.isEmpty else { return context.kind.version }
        return String(Substring(version))
    }
}
