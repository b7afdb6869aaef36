/// The CRD `pattern`s of Gateway-API-style fields (route CRDs and references), as string constraints.
///
/// Each stands for the pattern quoted beside it in linkerd2 `charts/linkerd-crds/templates/policy/*.yaml`.
package enum RouteFormats {
    /// `^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`, at most 253 characters.
    package static let group = StringConstraint(
        maxLength: 253,
        format: StringFormat(allowed: "empty or a lowercase DNS subdomain such as policy.linkerd.io") {
            DNSName.isGroup($0)
        }
    )

    /// `^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$`, 1-63 characters.
    package static let kind = StringConstraint(
        minLength: 1,
        maxLength: 63,
        format: StringFormat(allowed: "a kind: letters, digits and '-', starting with a letter") { DNSName.isKind($0) }
    )

    /// A name: 1-253 characters.
    package static let name = StringConstraint(minLength: 1, maxLength: 253)

    /// `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`, 1-63 characters.
    package static let namespace = StringConstraint(
        minLength: 1,
        maxLength: 63,
        format: StringFormat(allowed: "a lowercase DNS label") { CharacterRules.isLowercaseLabelShape($0.utf8) }
    )

    /// A lowercase DNS subdomain, 1-253 characters (`sectionName`, redirect `hostname`).
    package static let subdomain = StringConstraint(
        minLength: 1,
        maxLength: 253,
        format: StringFormat(allowed: "a lowercase DNS subdomain") { CharacterRules.isLowercaseDottedLabels($0.utf8) }
    )

    /// `^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`, 1-253 characters.
    package static let hostname = StringConstraint(
        minLength: 1,
        maxLength: 253,
        format: StringFormat(allowed: "a lowercase DNS name, optionally starting with *.") {
            CharacterRules.isLowercaseDottedLabels($0.utf8.dropFirst($0.hasPrefix("*.") ? 2 : 0))
        }
    )

    /// `^[A-Za-z0-9!#$%&'*+\-.^_\x60|~]+$`, 1-256 characters.
    package static let headerName = StringConstraint(
        minLength: 1,
        maxLength: 256,
        format: StringFormat(allowed: HTTPHeaderSyntax.allowedName) { HTTPHeaderSyntax.isValidName($0) }
    )
}
