import PolicyCore
import Testing

/// `RetryAnnotationValues` against Linkerd's retry parsers, row by row. Each row is (annotation value, Linkerd's
/// verdict); the comment names the Linkerd code that decides it, in linkerd2
/// `policy-controller/k8s/index/src/outbound/index/http.rs` (`fn parse_http_retry` and its `fn to_code`) and
/// `outbound/index/grpc.rs` (`fn parse_grpc_retry`).
@Suite struct RetryAnnotationParityTests {
    /// `retry.linkerd.io/limit`: (value, the limit Linkerd reads, nil where it refuses the value).
    static let limitRows: [(String, UInt16?)] = [
        ("0", 0),  // http.rs:parse_http_retry, s.parse::<u16>()
        ("3", 3),  // http.rs:parse_http_retry, s.parse::<u16>()
        ("65535", 65_535),  // http.rs:parse_http_retry, s.parse::<u16>() at u16::MAX
        ("65536", nil),  // http.rs:parse_http_retry, s.parse::<u16>() overflows
        ("4294967296", nil),  // http.rs:parse_http_retry, s.parse::<u16>() overflows
        ("18446744073709551616", nil),  // http.rs:parse_http_retry, s.parse::<u16>() overflows
        ("+3", 3),  // http.rs:parse_http_retry, parse::<u16> accepts one leading "+"
        ("++3", nil),  // http.rs:parse_http_retry, parse::<u16> rejects a second "+"
        ("+", nil),  // http.rs:parse_http_retry, parse::<u16> rejects a lone "+"
        ("-1", nil),  // http.rs:parse_http_retry, parse::<u16> rejects "-"
        ("-0", nil),  // http.rs:parse_http_retry, parse::<u16> rejects "-" even before 0
        ("", nil),  // http.rs:parse_http_retry, parse::<u16> rejects empty
        ("003", 3),  // http.rs:parse_http_retry, parse::<u16> accepts leading zeros
        ("0000000000065535", 65_535),  // http.rs:parse_http_retry, leading zeros do not count toward overflow
        (" 3", nil),  // http.rs:parse_http_retry, no trim before parse::<u16>
        ("3 ", nil),  // http.rs:parse_http_retry, no trim before parse::<u16>
        ("3\n", nil),  // http.rs:parse_http_retry, no trim before parse::<u16>
        ("\t3", nil),  // http.rs:parse_http_retry, no trim before parse::<u16>
        ("\u{00A0}3", nil),  // http.rs:parse_http_retry, no trim before parse::<u16>
        ("3\u{3000}", nil),  // http.rs:parse_http_retry, no trim before parse::<u16>
        ("3 4", nil),  // http.rs:parse_http_retry, parse::<u16> rejects inner space
        ("3.0", nil),  // http.rs:parse_http_retry, parse::<u16> rejects "."
        ("1e3", nil),  // http.rs:parse_http_retry, parse::<u16> rejects exponents
        ("0x10", nil),  // http.rs:parse_http_retry, parse::<u16> is decimal only
        ("\u{FF13}", nil),  // http.rs:parse_http_retry, fullwidth three is no ASCII digit
        ("many", nil),  // http.rs:parse_http_retry, parse::<u16>
    ]

    @Test(arguments: limitRows)
    func retryLimitParsesAsLinkerdDoes(_ text: String, _ linkerdLimit: UInt16?) {
        #expect(RetryAnnotationValues.limit(text) == linkerdLimit, "\(text.debugDescription)")
    }

    /// `retry.linkerd.io/http`: (value, the status ranges Linkerd reads, or the piece it refuses).
    static let httpRows: [(String, Result<[ClosedRange<UInt32>], RetryAnnotationValues.BadPiece>)] = [
        ("5xx", .success([500...599])),  // http.rs:parse_http_retry, eq_ignore_ascii_case("5xx")
        ("5XX", .success([500...599])),  // http.rs:parse_http_retry, eq_ignore_ascii_case("5xx")
        ("5Xx", .success([500...599])),  // http.rs:parse_http_retry, eq_ignore_ascii_case("5xx")
        ("gateway-error", .success([502...504])),  // http.rs:parse_http_retry, eq_ignore_ascii_case("gateway-error")
        ("GATEWAY-ERROR", .success([502...504])),  // http.rs:parse_http_retry, eq_ignore_ascii_case("gateway-error")
        ("Gateway-Error", .success([502...504])),  // http.rs:parse_http_retry, eq_ignore_ascii_case("gateway-error")
        ("gateway_error", bad("gateway_error")),  // http.rs:parse_http_retry, no such name
        ("4xx", bad("4xx")),  // http.rs:parse_http_retry, only 5xx is a class
        ("5\u{FF38}x", bad("5\u{FF38}x")),  // http.rs:parse_http_retry, fullwidth X does not fold to x
        ("429", .success([429...429])),  // http.rs:to_code
        ("100", .success([100...100])),  // http.rs:to_code, 100..600 lower end
        ("599", .success([599...599])),  // http.rs:to_code, 100..600 upper end
        ("99", bad("99")),  // http.rs:to_code, below 100..600
        ("600", bad("600")),  // http.rs:to_code, 100..600 excludes 600
        ("0", bad("0")),  // http.rs:to_code, below 100..600
        ("+429", .success([429...429])),  // http.rs:to_code, parse::<u32> accepts "+"
        ("0429", .success([429...429])),  // http.rs:to_code, parse::<u32> accepts leading zeros
        ("00000000000000429", .success([429...429])),  // http.rs:to_code, leading zeros of any length
        ("4294967295", bad("4294967295")),  // http.rs:to_code, u32::MAX parses, outside 100..600
        ("4294967725", bad("4294967725")),  // http.rs:to_code, parse::<u32> overflows
        ("-429", bad("-429")),  // http.rs:parse_http_retry, split_once('-') gives an empty low end
        ("500-504", .success([500...504])),  // http.rs:parse_http_retry, split_once('-')
        ("500-500", .success([500...500])),  // http.rs:parse_http_retry, s <= e
        ("504-500", bad("504-500")),  // http.rs:parse_http_retry, s <= e fails
        ("+500-+504", .success([500...504])),  // http.rs:to_code on each end accepts "+"
        ("0500-0504", .success([500...504])),  // http.rs:to_code on each end accepts leading zeros
        ("500 - 504", bad("500 - 504")),  // http.rs:to_code, no trim of "500 " or " 504"
        ("500-", bad("500-")),  // http.rs:to_code, empty high end
        ("500--504", bad("500--504")),  // http.rs:to_code, high end "-504"
        ("500-504-509", bad("500-504-509")),  // http.rs:parse_http_retry, split_once: high end "504-509"
        ("5xx-5xx", bad("5xx-5xx")),  // http.rs:to_code, ends are not codes
        ("5xx,429", .success([500...599, 429...429])),  // http.rs:parse_http_retry, split(',')
        ("gateway-error,500-504,429", .success([502...504, 500...504, 429...429])),  // http.rs:parse_http_retry
        ("5xx, 429", bad(" 429")),  // http.rs:parse_http_retry, split(',') keeps the space
        ("5xx ,429", bad("5xx ")),  // http.rs:parse_http_retry, split(',') keeps the space
        (" 5xx", bad(" 5xx")),  // http.rs:parse_http_retry, no trim
        ("5xx\n", bad("5xx\n")),  // http.rs:parse_http_retry, no trim
        ("5xx,\t429", bad("\t429")),  // http.rs:parse_http_retry, no trim
        ("5xx,\u{00A0}429", bad("\u{00A0}429")),  // http.rs:parse_http_retry, no trim
        ("429\u{2003}", bad("429\u{2003}")),  // http.rs:parse_http_retry, no trim
        ("\u{3000}429", bad("\u{3000}429")),  // http.rs:parse_http_retry, no trim
        ("", bad("")),  // http.rs:parse_http_retry, split(',') of "" yields one empty piece
        ("5xx,", bad("")),  // http.rs:parse_http_retry, trailing empty piece
        (",5xx", bad("")),  // http.rs:parse_http_retry, leading empty piece
        ("5xx,,429", bad("")),  // http.rs:parse_http_retry, inner empty piece
        ("5xx;429", bad("5xx;429")),  // http.rs:parse_http_retry, only ',' separates
        ("5xx,\u{0301}429", bad("\u{0301}429")),  // http.rs:parse_http_retry, split(',') is by byte
    ]

    @Test(arguments: httpRows)
    func httpRetryConditionsParseAsLinkerdDoes(
        _ text: String, _ linkerd: Result<[ClosedRange<UInt32>], RetryAnnotationValues.BadPiece>
    ) {
        #expect(RetryAnnotationValues.httpConditions(text) == linkerd, "\(text.debugDescription)")
    }

    /// `retry.linkerd.io/grpc`: (value, the piece Linkerd refuses, nil where it accepts the list).
    static let grpcRows: [(String, String?)] = [
        ("cancelled", nil),  // grpc.rs:parse_grpc_retry, eq_ignore_ascii_case("cancelled")
        ("deadline-exceeded", nil),  // grpc.rs:parse_grpc_retry, eq_ignore_ascii_case("deadline-exceeded")
        ("internal", nil),  // grpc.rs:parse_grpc_retry, eq_ignore_ascii_case("internal")
        ("resource-exhausted", nil),  // grpc.rs:parse_grpc_retry, eq_ignore_ascii_case("resource-exhausted")
        ("unavailable", nil),  // grpc.rs:parse_grpc_retry, eq_ignore_ascii_case("unavailable")
        ("UNAVAILABLE", nil),  // grpc.rs:parse_grpc_retry, ASCII case ignored
        ("Deadline-Exceeded", nil),  // grpc.rs:parse_grpc_retry, ASCII case ignored
        ("cancelled,deadline-exceeded,internal,resource-exhausted,unavailable", nil),  // grpc.rs:parse_grpc_retry
        ("canceled", "canceled"),  // grpc.rs:parse_grpc_retry, US spelling is unknown
        ("deadline_exceeded", "deadline_exceeded"),  // grpc.rs:parse_grpc_retry, underscore is unknown
        ("DEADLINE_EXCEEDED", "DEADLINE_EXCEEDED"),  // grpc.rs:parse_grpc_retry, gRPC's own spelling is unknown
        ("unknown", "unknown"),  // grpc.rs:parse_grpc_retry, not a retryable status here
        ("\u{0130}nternal", "\u{0130}nternal"),  // grpc.rs:parse_grpc_retry, dotted capital I is not ASCII
        ("unavailable, internal", " internal"),  // grpc.rs:parse_grpc_retry, split(',') keeps the space
        (" internal", " internal"),  // grpc.rs:parse_grpc_retry, no trim
        ("internal\t", "internal\t"),  // grpc.rs:parse_grpc_retry, no trim
        ("internal\u{00A0}", "internal\u{00A0}"),  // grpc.rs:parse_grpc_retry, no trim
        ("\u{2003}internal", "\u{2003}internal"),  // grpc.rs:parse_grpc_retry, no trim
        ("", ""),  // grpc.rs:parse_grpc_retry, split(',') of "" yields one empty piece
        ("internal,", ""),  // grpc.rs:parse_grpc_retry, trailing empty piece
        ("internal,,unavailable", ""),  // grpc.rs:parse_grpc_retry, inner empty piece
    ]

    @Test(arguments: grpcRows)
    func grpcRetryConditionsParseAsLinkerdDoes(_ text: String, _ linkerdRefuses: String?) {
        #expect(RetryAnnotationValues.badGRPCCondition(text)?.text == linkerdRefuses, "\(text.debugDescription)")
    }

    /// A refused piece, for the tables.
    private static func bad(_ text: String) -> Result<[ClosedRange<UInt32>], RetryAnnotationValues.BadPiece> {
        .failure(RetryAnnotationValues.BadPiece(text: text))
    }
}
