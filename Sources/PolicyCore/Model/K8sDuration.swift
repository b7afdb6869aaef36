/// A signed duration in Go's `time.ParseDuration` format (`10s`, `1.5h`, `2m3.4s`, `-1s`, `0`), as CRD fields
/// with `format: duration` hold it.
///
/// Mirrors linkerd2 `policy-controller/k8s/api/src/duration.rs` (`K8sDuration`): the sign is kept apart so that a
/// negative timeout can be reported as negative rather than as unreadable.
package struct K8sDuration: Sendable, Hashable, CustomStringConvertible {
    /// The magnitude in nanoseconds.
    package var nanoseconds: Double
    /// True when the text began with `-`.
    package var isNegative: Bool

    package init(nanoseconds: Double, isNegative: Bool = false) {
        self.nanoseconds = nanoseconds
        self.isNegative = isNegative
    }

    /// What is allowed, for messages.
    package static let allowed = "a duration such as 10s, 500ms, 1.5h or 1h30m (units ns, us, ms, s, m, h)"

    /// The largest magnitude Go's int64 nanoseconds can hold.
    private static let maximumNanoseconds = 9_223_372_036_854_775_807.0

    /// Parses `text`, or returns nil when Go would refuse it.
    package init?(_ text: String) {
        var scalars = Substring(text).unicodeScalars[...]
        var isNegative = false
        if let sign = scalars.first, sign == "-" || sign == "+" {
            isNegative = sign == "-"
            scalars = scalars.dropFirst()
        }
        if String(scalars) == "0" {
            self.init(nanoseconds: 0, isNegative: isNegative)
            return
        }
        guard !scalars.isEmpty else { return nil }
        var total = 0.0
        while !scalars.isEmpty {
            guard let (value, rest) = Self.number(scalars) else { return nil }
            let unitEnd = rest.firstIndex { $0 == "." || ("0"..."9").contains($0) } ?? rest.endIndex
            guard let scale = Self.unitScale(String(rest[..<unitEnd])) else { return nil }
            total += value * scale
            scalars = rest[unitEnd...]
        }
        guard total <= Self.maximumNanoseconds else { return nil }
        self.init(nanoseconds: total, isNegative: isNegative)
    }

    /// Reads `[digits][.digits]` (at least one digit) from the front of `scalars`.
    private static func number(_ scalars: Substring.UnicodeScalarView.SubSequence) -> (
        Double, Substring.UnicodeScalarView.SubSequence
    )? {
        var index = scalars.startIndex
        var digits = ""
        var sawDigit = false
        var sawDot = false
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if ("0"..."9").contains(scalar) {
                sawDigit = true
            } else if scalar == ".", !sawDot {
                sawDot = true
            } else {
                break
            }
            digits.unicodeScalars.append(scalar)
            index = scalars.index(after: index)
        }
        guard sawDigit, let value = Double(digits.hasSuffix(".") ? digits + "0" : digits) else { return nil }
        return (value, scalars[index...])
    }

    /// Nanoseconds per unit, for Go's unit spellings (U+00B5 micro sign and U+03BC mu both mean micro).
    private static func unitScale(_ unit: String) -> Double? {
        switch unit {
        case "ns": return 1
        case "us", "\u{00B5}s", "\u{03BC}s": return 1_000
        case "ms": return 1_000_000
        case "s": return 1_000_000_000
        case "m": return 60_000_000_000
        case "h": return 3_600_000_000_000
        default: return nil
        }
    }

    package var description: String {
        let sign = self.isNegative && self.nanoseconds > 0 ? "-" : ""
        if self.nanoseconds >= 1_000_000_000 { return "\(sign)\(Self.trim(self.nanoseconds / 1_000_000_000))s" }
        if self.nanoseconds >= 1_000_000 { return "\(sign)\(Self.trim(self.nanoseconds / 1_000_000))ms" }
        return "\(sign)\(Self.trim(self.nanoseconds))ns"
    }

    /// `2.0` as `2`, other values unchanged.
    private static func trim(_ value: Double) -> String {
        value == value.rounded() && value < 1e15 ? String(Int64(value)) : String(value)
    }
}
