import ByteText

/// Kubernetes label key and value syntax (apimachinery `IsQualifiedName`, `IsValidLabelValue`).
///
/// A key is `[prefix/]name`: the name 1-63 characters of `[A-Za-z0-9_.-]` beginning and ending alphanumeric, the
/// prefix a lowercase DNS subdomain of at most 253 characters. A value is empty or follows the name rules.
package enum LabelSyntax {
    /// What a valid key looks like, for messages.
    package static let keyRule =
        "a key is [prefix/]name: the name 1-63 characters of A-Z, a-z, 0-9, '-', '_', '.' beginning and ending "
        + "alphanumeric, the prefix a lowercase DNS subdomain"
    /// What a valid value looks like, for messages.
    package static let valueRule =
        "a value is empty or 1-63 characters of A-Z, a-z, 0-9, '-', '_', '.' beginning and ending alphanumeric"

    /// Whether `key` is a valid label key.
    package static func isValidKey(_ key: String) -> Bool {
        var key = key
        return key.withUTF8 { bytes in
            guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")) else { return Self.isName(bytes[...]) }
            let prefix = bytes[..<slash]
            guard prefix.count <= 253, CharacterRules.isLowercaseDottedLabels(prefix) else { return false }
            return Self.isName(bytes[(slash + 1)...])
        }
    }

    /// Whether `value` is a valid label value.
    package static func isValidValue(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { bytes in bytes.isEmpty || Self.isName(bytes[...]) }
    }

    /// The name part of a key: 1-63 characters of `[A-Za-z0-9_.-]`, beginning and ending alphanumeric. Read from
    /// the string's contiguous UTF-8, with no index arithmetic over `String.UTF8View`.
    private static func isName(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard (1...63).contains(bytes.count), let first = bytes.first, let last = bytes.last else { return false }
        guard ASCII.isAlphanumeric(first), ASCII.isAlphanumeric(last) else { return false }
        return bytes.allSatisfy {
            ASCII.isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
                || $0 == UInt8(ascii: ".")
        }
    }
}
