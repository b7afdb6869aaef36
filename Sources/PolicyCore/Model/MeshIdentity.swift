import ByteText

/// Client identity strings of MeshTLSAuthentication `identities` and ServerAuthorization `meshTLS.identities`.
///
/// Mirrors linkerd2 `runtime/src/validation.rs` `validate_identity`: `*`, a DNS-like name of lowercase labels where
/// only the first may be `*`, or a SPIFFE ID (https://github.com/spiffe/spiffe/blob/main/standards/SPIFFE-ID.md).
package enum MeshIdentity {
    /// What a MeshTLSAuthentication identity may look like, for messages.
    package static let allowed =
        "*, a name of lowercase DNS labels of which only the first may be * (*.ns.serviceaccount.identity."
        + "linkerd.cluster.local), or a SPIFFE ID spiffe://trust-domain/path"

    /// What a ServerAuthorization identity may look like (its CRD pattern has no SPIFFE IDs), for messages.
    package static let dnsLikeAllowed =
        "* or a name of lowercase DNS labels of which only the first may be * "
        + "(*.ns.serviceaccount.identity.linkerd.cluster.local)"

    /// Whether `identity` is valid in a MeshTLSAuthentication: DNS-like or a SPIFFE ID.
    package static func isValid(_ identity: String) -> Bool {
        if identity.utf8.starts(with: "spiffe://".utf8) { return Self.isSPIFFEID(identity) }
        return Self.isDNSLike(identity)
    }

    /// `*`, or dot-separated lowercase DNS labels of which the first may be `*` (the CRD pattern
    /// `^(\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`).
    package static func isDNSLike(_ identity: String) -> Bool {
        CharacterRules.isLowercaseDottedLabels(identity.utf8, allowsLeadingWildcard: true)
    }

    /// `spiffe://<trust domain>[/<segment>...]`: a non-empty trust domain of `a-z0-9-._`; path segments non-empty,
    /// not `.` or `..`, of `A-Za-z0-9-._`; no trailing `/`.
    package static func isSPIFFEID(_ identity: String) -> Bool {
        let bytes = identity.utf8
        guard bytes.starts(with: "spiffe://".utf8) else { return false }
        let rest = bytes.dropFirst("spiffe://".utf8.count)
        let parts = rest.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard let trustDomain = parts.first, !trustDomain.isEmpty else { return false }
        guard trustDomain.allSatisfy({ ASCII.isLowerAlphanumeric($0) || Self.isSPIFFEPunctuation($0) }) else {
            return false
        }
        for segment in parts.dropFirst() {
            guard !segment.isEmpty else { return false }
            if segment.elementsEqual(".".utf8) || segment.elementsEqual("..".utf8) { return false }
            guard segment.allSatisfy({ ASCII.isAlphanumeric($0) || Self.isSPIFFEPunctuation($0) }) else {
                return false
            }
        }
        return true
    }

    /// `-`, `.`, `_`.
    private static func isSPIFFEPunctuation(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
    }
}
