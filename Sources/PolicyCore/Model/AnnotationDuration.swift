import ByteText

/// A duration in Linkerd's retry and timeout annotations: a whole number with a unit `ms`, `s`, `m`, `h` or `d`,
/// or a bare `0` (`timeout.linkerd.io/request: 500ms`).
///
/// Mirrors linkerd2 `policy-controller/k8s/index/src/outbound/index.rs`, `parse_duration`, step by step: the text is
/// trimmed of all Unicode whitespace (`str::trim`); a leading `-` is refused; the number is everything up to the
/// last ASCII digit and the unit is the rest; a `.` in the number is refused; the number is read as Rust reads a
/// `u64` (so `+5s` and `007s` are fine); the unit is case-sensitive; and the product in milliseconds must fit a
/// `u64`.
package struct AnnotationDuration: Sendable, Hashable {
    /// The duration in milliseconds.
    package var milliseconds: UInt64

    /// What is allowed, for messages.
    package static let allowed = "a whole number with a unit ms, s, m, h or d (such as 500ms or 10s), or 0"

    /// Parses `text`, or returns nil when Linkerd would refuse it.
    package init?(_ text: String) {
        let trimmed = RustText.trimmed(Substring(text))
        guard trimmed.utf8.first != UInt8(ascii: "-"),
            let lastDigit = trimmed.utf8.lastIndex(where: ASCII.isDigit)
        else { return nil }
        let unitStart = trimmed.utf8.index(after: lastDigit)
        let number = trimmed[..<unitStart]
        let unit = trimmed[unitStart...]
        guard !number.utf8.contains(UInt8(ascii: ".")),
            let magnitude = RustText.unsigned(number, maximum: .max)
        else { return nil }
        // Bytes, not `String` equality: Swift compares strings up to canonical equivalence, Rust byte for byte.
        let scale: UInt64
        switch Array(unit.utf8) {
        case [] where magnitude == 0: scale = 0
        case Array("ms".utf8): scale = 1
        case Array("s".utf8): scale = 1_000
        case Array("m".utf8): scale = 60_000
        case Array("h".utf8): scale = 3_600_000
        case Array("d".utf8): scale = 86_400_000
        default: return nil
        }
        let (milliseconds, overflow) = magnitude.multipliedReportingOverflow(by: scale)
        guard !overflow else { return nil }
        self.milliseconds = milliseconds
    }
}
