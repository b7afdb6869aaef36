import PolicyCore
import Testing

/// `AnnotationDuration` against Linkerd's `parse_duration`, row by row. Each row is (annotation value, what Linkerd
/// makes of it in milliseconds, nil where Linkerd refuses it); the comment names the Linkerd code that decides it,
/// all in linkerd2 `policy-controller/k8s/index/src/outbound/index.rs`, `fn parse_duration`.
@Suite struct AnnotationDurationParityTests {
    static let rows: [(String, UInt64?)] = [
        // Units: the match on `unit`, case-sensitive, only ms s m h d.
        ("10s", 10_000),  // index.rs:parse_duration, unit "s"
        ("500ms", 500),  // index.rs:parse_duration, unit "ms"
        ("5m", 300_000),  // index.rs:parse_duration, unit "m"
        ("2h", 7_200_000),  // index.rs:parse_duration, unit "h"
        ("1d", 86_400_000),  // index.rs:parse_duration, unit "d"
        ("5S", nil),  // index.rs:parse_duration, unit match is case-sensitive
        ("5MS", nil),  // index.rs:parse_duration, unit match is case-sensitive
        ("5Ms", nil),  // index.rs:parse_duration, unit match is case-sensitive
        ("1D", nil),  // index.rs:parse_duration, unit match is case-sensitive
        ("5us", nil),  // index.rs:parse_duration, no Go units (us, ns)
        ("5ns", nil),  // index.rs:parse_duration, no Go units (us, ns)
        ("1w", nil),  // index.rs:parse_duration, no weeks
        ("5sec", nil),  // index.rs:parse_duration, unit "sec" unknown
        // Zero: `"" if magnitude == 0`.
        ("0", 0),  // index.rs:parse_duration, bare zero
        ("00", 0),  // index.rs:parse_duration, bare zero (u64 parse of "00" is 0)
        ("+0", 0),  // index.rs:parse_duration, bare zero (u64 parse accepts "+")
        ("0s", 0),  // index.rs:parse_duration, unit "s"
        ("0ms", 0),  // index.rs:parse_duration, unit "ms"
        ("5", nil),  // index.rs:parse_duration, bare non-zero number: missing unit
        ("100", nil),  // index.rs:parse_duration, bare non-zero number: missing unit
        // Empty: `rfind(ascii digit)` finds nothing.
        ("", nil),  // index.rs:parse_duration, no digit
        ("   ", nil),  // index.rs:parse_duration, trimmed to empty: no digit
        ("s", nil),  // index.rs:parse_duration, no digit
        // Surrounding whitespace: `s.trim()` strips every Unicode White_Space scalar.
        (" 5s", 5_000),  // index.rs:parse_duration, str::trim
        ("5s ", 5_000),  // index.rs:parse_duration, str::trim
        ("\t5s\t", 5_000),  // index.rs:parse_duration, str::trim
        ("5s\n", 5_000),  // index.rs:parse_duration, str::trim (a YAML `|` block leaves this newline)
        ("\r\n5s\r\n", 5_000),  // index.rs:parse_duration, str::trim
        ("\u{0B}5s\u{0C}", 5_000),  // index.rs:parse_duration, str::trim (vertical tab, form feed)
        ("\u{00A0}5s", 5_000),  // index.rs:parse_duration, str::trim (no-break space)
        ("5s\u{2003}", 5_000),  // index.rs:parse_duration, str::trim (em space)
        ("\u{3000}5s\u{3000}", 5_000),  // index.rs:parse_duration, str::trim (ideographic space)
        ("\u{0085}5s", 5_000),  // index.rs:parse_duration, str::trim (next line)
        ("\u{1680}5s\u{2028}", 5_000),  // index.rs:parse_duration, str::trim (ogham space, line separator)
        ("\u{202F}5s\u{205F}", 5_000),  // index.rs:parse_duration, str::trim (narrow no-break, math space)
        ("\u{200B}5s", nil),  // index.rs:parse_duration, zero-width space is not White_Space: u64 parse fails
        ("5s\u{FEFF}", nil),  // index.rs:parse_duration, U+FEFF is not White_Space: unit "s\u{FEFF}"
        ("\u{180E}5s", nil),  // index.rs:parse_duration, U+180E is not White_Space (Unicode 6.3+)
        // Inner whitespace: kept in the number or the unit.
        ("5 s", nil),  // index.rs:parse_duration, unit " s"
        ("5\u{00A0}ms", nil),  // index.rs:parse_duration, unit "\u{00A0}ms"
        ("1 0s", nil),  // index.rs:parse_duration, u64 parse of "1 0" fails
        // Signs: `starts_with('-')` after trimming, then `parse::<u64>` (one optional "+").
        ("+5s", 5_000),  // index.rs:parse_duration, u64 parse accepts a leading "+"
        ("++5s", nil),  // index.rs:parse_duration, u64 parse of "++5" fails
        ("+-5s", nil),  // index.rs:parse_duration, u64 parse of "+-5" fails
        ("-5s", nil),  // index.rs:parse_duration, starts_with('-')
        ("-0", nil),  // index.rs:parse_duration, starts_with('-')
        (" -5s", nil),  // index.rs:parse_duration, trim then starts_with('-')
        ("\u{00A0}-5s", nil),  // index.rs:parse_duration, trim then starts_with('-')
        // Leading zeros: fine for `parse::<u64>`.
        ("007s", 7_000),  // index.rs:parse_duration, u64 parse
        ("0000000000000000000000001ms", 1),  // index.rs:parse_duration, u64 parse (length is no limit)
        // Fractions: `magnitude.contains('.')`, or the "." lands in the unit.
        ("1.5s", nil),  // index.rs:parse_duration, fractional values not supported
        ("0.0s", nil),  // index.rs:parse_duration, fractional values not supported
        (".5s", nil),  // index.rs:parse_duration, fractional values not supported
        ("5.s", nil),  // index.rs:parse_duration, unit ".s"
        // Compound and trailing text: the number is everything up to the last ASCII digit.
        ("1h30m", nil),  // index.rs:parse_duration, u64 parse of "1h30" fails
        ("1m30s", nil),  // index.rs:parse_duration, u64 parse of "1m30" fails
        ("5s5", nil),  // index.rs:parse_duration, u64 parse of "5s5" fails
        ("\u{0665}s", nil),  // index.rs:parse_duration, Arabic-Indic five is no ASCII digit
        ("\u{FF15}s", nil),  // index.rs:parse_duration, fullwidth five is no ASCII digit
        ("1\u{FF15}s", nil),  // index.rs:parse_duration, u64 parse of "1\u{FF15}" fails
        // Overflow: `parse::<u64>` and `checked_mul`.
        ("18446744073709551615ms", UInt64.max),  // index.rs:parse_duration, u64::MAX fits
        ("18446744073709551616ms", nil),  // index.rs:parse_duration, u64 parse overflows
        ("99999999999999999999", nil),  // index.rs:parse_duration, u64 parse overflows
        ("18446744073709551s", 18_446_744_073_709_551_000),  // index.rs:parse_duration, checked_mul fits
        ("18446744073709552s", nil),  // index.rs:parse_duration, checked_mul overflows
        ("213503982334d", 18_446_744_073_657_600_000),  // index.rs:parse_duration, checked_mul fits
        ("213503982335d", nil),  // index.rs:parse_duration, checked_mul overflows
    ]

    @Test(arguments: rows)
    func durationAnnotationParsesAsLinkerdDoes(_ text: String, _ linkerdMilliseconds: UInt64?) {
        #expect(AnnotationDuration(text)?.milliseconds == linkerdMilliseconds, "\(text.debugDescription)")
    }
}
