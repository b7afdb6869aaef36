import ByteText

/// Kubernetes name shapes (apimachinery `validation.go`): DNS-1123 labels and subdomains, IANA service names.
package enum DNSName {
    /// A DNS-1123 label: at most 63 characters of `a-z0-9-`, beginning and ending alphanumeric.
    package static func isLabel(_ string: String) -> Bool {
        let bytes = string.utf8
        return bytes.count <= 63 && CharacterRules.isLowercaseLabelShape(bytes)
    }

    /// A DNS-1123 subdomain: at most 253 characters of dot-separated DNS-1123 labels.
    package static func isSubdomain(_ string: String) -> Bool {
        let bytes = string.utf8
        return bytes.count <= 253 && CharacterRules.isLowercaseDottedLabels(bytes)
    }

    /// The API group pattern of Linkerd's reference types: empty, or dot-separated lowercase labels.
    package static func isGroup(_ string: String) -> Bool {
        string.isEmpty || CharacterRules.isLowercaseDottedLabels(string.utf8)
    }

    /// The kind pattern of Linkerd's reference types, `^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$`.
    package static func isKind(_ string: String) -> Bool {
        let bytes = string.utf8
        guard let first = bytes.first, let last = bytes.last else { return false }
        guard ASCII.isLowerLetter(first) || ASCII.isUpperLetter(first) else { return false }
        guard ASCII.isAlphanumeric(last) else { return false }
        return bytes.allSatisfy { ASCII.isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// A container port name (IANA_SVC_NAME, RFC 6335): 1-15 characters of `a-z0-9-`, at least one letter, no
    /// leading, trailing or doubled `-`.
    package static func isIANAServiceName(_ string: String) -> Bool {
        let bytes = string.utf8
        guard (1...15).contains(bytes.count) else { return false }
        guard bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else { return false }
        var hasLetter = false
        var previous: UInt8 = 0
        for byte in bytes {
            if ASCII.isLowerLetter(byte) {
                hasLetter = true
            } else if byte == UInt8(ascii: "-") {
                if previous == byte { return false }
            } else if !ASCII.isDigit(byte) {
                return false
            }
            previous = byte
        }
        return hasLetter
    }
}

extension StringFormat {
    /// A CRD `pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'` (names of Servers and ServiceAccounts).
    package static let dnsLabel = StringFormat(
        allowed: "a DNS-1123 label (at most 63 lowercase letters, digits and '-', beginning and ending alphanumeric)",
        isValid: { DNSName.isLabel($0) }
    )

    /// The `group` pattern of Linkerd's reference types.
    package static let group = StringFormat(
        allowed: "empty (the core group) or a lowercase DNS subdomain",
        isValid: { DNSName.isGroup($0) }
    )

    /// The `kind` pattern of Linkerd's reference types.
    package static let kind = StringFormat(
        allowed: "a kind name (letters, digits and '-', beginning with a letter)",
        isValid: { DNSName.isKind($0) }
    )
}
