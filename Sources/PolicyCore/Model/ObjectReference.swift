import ByteText
import PolicyAPI

/// A reference to another object by group, kind and name (`targetRef`, `requiredAuthenticationRefs`,
/// `identityRefs`), compared as Linkerd's `targets_kind` does.
///
/// Group and kind compare case-insensitively; a missing or empty group, and `core`, mean the core group, so
/// `kind: Server` without `group: policy.linkerd.io` is not a Server.
package struct ObjectReference: Sendable, Hashable {
    package var group: String
    package var kind: String
    package var name: String?
    package var namespace: String?

    package init(group: String = "", kind: String, name: String? = nil, namespace: String? = nil) {
        self.group = group
        self.kind = kind
        self.name = name
        self.namespace = namespace
    }

    /// Reads a reference whose `kind` is a string; nil otherwise (the schema check reports why).
    package init?(_ value: JSONValue) {
        guard let kind = value["kind"]?.stringValue else { return nil }
        self.init(
            group: value["group"]?.stringValue ?? "", kind: kind,
            name: value["name"]?.stringValue, namespace: value["namespace"]?.stringValue
        )
    }

    /// True when the reference points at `kind` in `group` (empty for the core group).
    package func targets(group: String, kind: String) -> Bool {
        Self.isSameGroup(self.group, group) && self.kind.equalsIgnoringCase(kind)
    }

    /// `Deployment.apps`, or `Secret` for the core group, for messages.
    package var canonicalKind: String {
        Self.isCore(self.group) ? self.kind : "\(self.kind).\(self.group)"
    }

    /// Groups compared ignoring case, with `core` as the core group.
    private static func isSameGroup(_ a: String, _ b: String) -> Bool {
        let isCoreA = Self.isCore(a)
        let isCoreB = Self.isCore(b)
        return isCoreA || isCoreB ? isCoreA == isCoreB : a.equalsIgnoringCase(b)
    }

    /// The core group: empty, or spelt `core` in any case.
    static func isCore(_ group: String) -> Bool {
        group.isEmpty || group.equalsIgnoringCase("core")
    }
}
