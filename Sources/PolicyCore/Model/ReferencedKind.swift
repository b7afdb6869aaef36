import ByteText
import PolicyAPI

/// Reads the `group` and `kind` of a reference (parentRef, backendRef, targetRef, clientRef) and compares them as
/// Linkerd does: case-insensitively, with a missing or empty group meaning the core group.
///
/// Mirrors linkerd2 `k8s/api` `targets_kind` and `outbound/index.rs` `is_parent_service`, `is_parent_egress_network`.
package struct ReferencedKind: Sendable, Hashable {
    /// The group as written, empty when absent.
    package var group: String
    /// The kind as written, nil when absent.
    package var kind: String?

    /// The group and kind of `reference`; non-string members count as absent.
    package init(_ reference: JSONValue) {
        self.group = reference["group"]?.stringValue ?? ""
        self.kind = reference["kind"]?.stringValue
    }

    package init(group: String, kind: String?) {
        self.group = group
        self.kind = kind
    }

    /// True when this names `kind` in `group` (the empty string for the core group); `core` is not the core group.
    package func targets(kind: String, group: String) -> Bool {
        guard let ownKind = self.kind else { return false }
        return ownKind.equalsIgnoringCase(kind) && self.group.equalsIgnoringCase(group)
    }

    /// True for a core Service, where `group` may also be spelt `core` and a missing kind means Service when
    /// `kindDefaultsToService` (backendRefs).
    package func isService(kindDefaultsToService: Bool = false) -> Bool {
        guard ObjectReference.isCore(self.group) else { return false }
        guard let kind = self.kind else { return kindDefaultsToService }
        return kind.equalsIgnoringCase("service")
    }

    /// True for a policy.linkerd.io EgressNetwork.
    package var isEgressNetwork: Bool { self.targets(kind: "EgressNetwork", group: "policy.linkerd.io") }

    /// `Kind.group`, or `Kind` for the core group, as Linkerd's `canonical_kind` writes it.
    package var canonicalKind: String {
        let kind = self.kind ?? "<no kind>"
        return self.group.isEmpty ? kind : "\(kind).\(self.group)"
    }
}
