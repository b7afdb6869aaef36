/// A duration in Linkerd's retry and timeout annotations: a whole number with a unit `ms`, `s`, `m`, `h` or `d`,
/// or a bare `0` (`timeout.linkerd.io/request: 500ms`).
///
/// Mirrors linkerd2 `policy-controller/k8s/index/src/outbound/index.rs`, `parse_duration`: surrounding spaces are
/// ignored, fractions and signs are not numbers there.
package struct AnnotationDuration: Sendable, Hashable {
    /// The duration in milliseconds.
    package var milliseconds: UInt64

    /// What is allowed, for messages.
    package static let allowed = "a whole number with a unit ms, s, m, h or d (such as 500ms or 10s), or 0"

    /// Parses `text`, or returns nil when Linkerd would refuse it.
    package init?(_ text: String) {
        let utf8 = Array(text.utf8)
        var start = 0
        var end = utf8.count
        while start < end, utf8[start] == 0x20 || utf8[start] == 0x09 { start += 1 }
        while end > start, utf8[end - 1] == 0x20 || utf8[end - 1] == 0x09 { end -= 1 }
        var digitsEnd = start
        while digitsEnd < end, (0x30...0x39).contains(utf8[digitsEnd]) { digitsEnd += 1 }
        guard digitsEnd > start else { return nil }
        var magnitude: UInt64 = 0
        for byte in utf8[start..<digitsEnd] {
            let (times, overflowA) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = times.addingReportingOverflow(UInt64(byte - 0x30))
            guard !overflowA, !overflowB else { return nil }
            magnitude = sum
        }
        let unit = String(decoding: utf8[digitsEnd..<end], as: UTF8.self)
        let scale: UInt64
        switch unit {
        case "" where magnitude == 0: scale = 0
        case "ms": scale = 1
        case "s": scale = 1_000
        case "m": scale = 60_000
        case "h": scale = 3_600_000
        case "d": scale = 86_400_000
        default: return nil
        }
        let (milliseconds, overflow) = magnitude.multipliedReportingOverflow(by: scale)
        guard !overflow else { return nil }
        self.milliseconds = milliseconds
    }
}
