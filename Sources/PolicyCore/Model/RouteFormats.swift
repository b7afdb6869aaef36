/// The CRD `pattern`s of Gateway-API-style fields (route CRDs and references), as string constraints.
///
/// Each stands for the pattern quoted beside it in linkerd2 `charts/linkerd-crds/templates/policy/*.yaml`.
package enum RouteFormats {
    /// `^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`, at most 253 characters.
    package static let group = StringConstraint(
        maxLength: 253,
        format: StringFormat(allowed: "empty or a lowercase DNS subdomain such as policy.linkerd.io") {
            $0.isEmpty || Self.isDNSSubdomain($0)
        }
    )

    /// `^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$`, 1-63 characters.
    package static let kind = StringConstraint(
        minLength: 1,
        maxLength: 63,
        format: StringFormat(allowed: "a kind: letters, digits and '-', starting with a letter") { Self.isKind($0) }
    )

    /// A name: 1-253 characters.
    package static let name = StringConstraint(minLength: 1, maxLength: 253)

    /// `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`, 1-63 characters.
    package static let namespace = StringConstraint(
        minLength: 1,
        maxLength: 63,
        format: StringFormat(allowed: "a lowercase DNS label") { Self.isDNSLabel(Substring($0)) }
    )

    /// A lowercase DNS subdomain, 1-253 characters (`sectionName`, redirect `hostname`).
    package static let subdomain = StringConstraint(
        minLength: 1,
        maxLength: 253,
        format: StringFormat(allowed: "a lowercase DNS subdomain") { Self.isDNSSubdomain($0) }
    )

    /// `^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`, 1-253 characters.
    package static let hostname = StringConstraint(
        minLength: 1,
        maxLength: 253,
        format: StringFormat(allowed: "a lowercase DNS name, optionally starting with *.") {
            $0.hasPrefix("*.") ? Self.isDNSSubdomain(String($0.dropFirst(2))) : Self.isDNSSubdomain($0)
        }
    )

    /// `^[A-Za-z0-9!#$%&'*+\-.^_\x60|~]+$`, 1-256 characters.
    package static let headerName = StringConstraint(
        minLength: 1,
        maxLength: 256,
        format: StringFormat(allowed: HTTPHeaderSyntax.allowedName) { HTTPHeaderSyntax.isValidName($0) }
    )

    /// Dot-separated DNS labels.
    package static func isDNSSubdomain(_ text: String) -> Bool {
        CharacterRules.isLowercaseDottedLabels(text.utf8)
    }

    /// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`.
    package static func isDNSLabel(_ label: Substring) -> Bool {
        guard let first = label.utf8.first, let last = label.utf8.last else { return false }
        return first != UInt8(ascii: "-") && last != UInt8(ascii: "-")
            && label.utf8.allSatisfy {
                (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-")
            }
    }

    /// `[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?`.
    private static func isKind(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last else { return false }
        func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
        return isLetter(first) && last != UInt8(ascii: "-")
            && text.utf8.allSatisfy { isLetter($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") }
    }
}
