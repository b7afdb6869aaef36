/// Checks that a regular expression compiles in the dialect Linkerd uses (Rust's `regex` crate), without keeping
/// the compiled expression.
///
/// Swift's `Regex` parses a superset of Rust's syntax, so constructs Rust refuses (look-around, backreferences,
/// atomic groups, possessive quantifiers) are refused first; the rest is compiled once to catch every other error.
/// Only fields that are regular expressions get here, so ordinary objects never pay for a compile.
package enum RegexSyntax {
    /// What is allowed, for messages.
    package static let allowed = "a regular expression in RE2/Rust regex syntax"

    /// Nil when `pattern` compiles, otherwise a short reason.
    package static func problem(in pattern: String) -> String? {
        if let unsupported = Self.unsupportedConstruct(in: pattern) { return unsupported }
        do {
            _ = try Regex(pattern)
            return nil
        } catch {
            return "it does not compile"
        }
    }

    /// Names the first construct Rust's `regex` crate has no support for, if any.
    private static func unsupportedConstruct(in pattern: String) -> String? {
        let scalars = Array(pattern.unicodeScalars)
        var index = 0
        var inClass = false
        while index < scalars.count {
            let scalar = scalars[index]
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            if scalar == "\\", let next {
                if !inClass, ("1"..."9").contains(next) { return "backreferences are not supported" }
                if !inClass, next == "k" || next == "g" { return "backreferences are not supported" }
                index += 2
                continue
            }
            if inClass {
                if scalar == "]" { inClass = false }
            } else if scalar == "[" {
                inClass = true
                // A `]` right after `[` or `[^` is a literal member, not the end of the class.
                if next == "]" {
                    index += 1
                } else if next == "^", index + 2 < scalars.count, scalars[index + 2] == "]" {
                    index += 2
                }
            } else if scalar == "(", next == "?", index + 2 < scalars.count {
                let kind = scalars[index + 2]
                let after = index + 3 < scalars.count ? scalars[index + 3] : nil
                if kind == "=" || kind == "!" { return "look-ahead is not supported" }
                if kind == "<", after == "=" || after == "!" { return "look-behind is not supported" }
                if kind == ">" { return "atomic groups are not supported" }
            } else if scalar == "+", index > 0, ["*", "+", "?", "}"].contains(scalars[index - 1]),
                index < 2 || scalars[index - 2] != "\\"
            {
                return "possessive quantifiers are not supported"
            }
            index += 1
        }
        return nil
    }
}
