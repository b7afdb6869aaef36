/// A Kubernetes group, version and kind, as in `request.kind` (`group` is empty for the core group).
package struct GroupVersionKind: Sendable, Hashable, CustomStringConvertible {
    package var group: String
    package var version: String
    package var kind: String

    package init(group: String, version: String, kind: String) {
        self.group = group
        self.version = version
        self.kind = kind
    }

    /// Splits an object's `apiVersion` (`policy.linkerd.io/v1beta3`, or `v1` for the core group) and `kind`.
    package init(apiVersion: String, kind: String) {
        let parts = Self.split(apiVersion: apiVersion)
        self.group = String(parts.group)
        self.version = String(parts.version)
        self.kind = kind
    }

    /// `group/version` split in place; the core group's bare `version` has an empty group.
    package static func split(apiVersion: String) -> (group: Substring, version: Substring) {
        // Searched as a byte: a Character search walks grapheme clusters, and this runs on every review.
        let utf8 = apiVersion.utf8
        guard let slash = utf8.firstIndex(of: UInt8(ascii: "/")) else { return (apiVersion.prefix(0), apiVersion[...]) }
        return (Substring(utf8[..<slash]), Substring(utf8[utf8.index(after: slash)...]))
    }

    /// `group/version` or just `version` for the core group.
    package var apiVersion: String { self.group.isEmpty ? self.version : "\(self.group)/\(self.version)" }

    package var description: String { "\(self.apiVersion), Kind=\(self.kind)" }
}
