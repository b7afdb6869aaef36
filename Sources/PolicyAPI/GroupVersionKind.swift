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
        if let slash = apiVersion.firstIndex(of: "/") {
            self.group = String(apiVersion[..<slash])
            self.version = String(apiVersion[apiVersion.index(after: slash)...])
        } else {
            self.group = ""
            self.version = apiVersion
        }
        self.kind = kind
    }

    /// `group/version` or just `version` for the core group.
    package var apiVersion: String { self.group.isEmpty ? self.version : "\(self.group)/\(self.version)" }

    package var description: String { "\(self.apiVersion), Kind=\(self.kind)" }
}
