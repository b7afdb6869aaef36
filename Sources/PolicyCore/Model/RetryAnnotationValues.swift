import ByteText

/// The values of Linkerd's retry annotations on a route: `retry.linkerd.io/limit`, `retry.linkerd.io/http` and
/// `retry.linkerd.io/grpc` (`retry.linkerd.io/timeout` is an `AnnotationDuration`).
///
/// Mirrors linkerd2 `policy-controller/k8s/index/src/outbound/index/http.rs` (`parse_http_retry`, its `to_code`) and
/// `outbound/index/grpc.rs` (`parse_grpc_retry`). None of them trims: the limit is `str::parse::<u16>` of the whole
/// value, and the condition lists are `split(',')` with each piece compared as it is, so `5xx, 429` (a space after
/// the comma) and a trailing comma are refused, while `+3`, `0003` and `+500-504` are accepted.
package enum RetryAnnotationValues {
    /// gRPC status names `retry.linkerd.io/grpc` accepts, in the spelling Linkerd compares against (ASCII case is
    /// ignored).
    package static let grpcConditions = ["cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable"]

    /// The retry limit `text` means, or nil where Linkerd refuses it (`str::parse::<u16>`, untrimmed).
    package static func limit(_ text: String) -> UInt16? {
        RustText.unsigned(Substring(text), maximum: UInt64(UInt16.max)).map { UInt16($0) }
    }

    /// The status ranges a `retry.linkerd.io/http` list means, or the first piece Linkerd refuses.
    package static func httpConditions(_ list: String) -> Result<[ClosedRange<UInt32>], BadPiece> {
        var ranges: [ClosedRange<UInt32>] = []
        for piece in RustText.split(list, on: ",") {
            guard let range = Self.httpCondition(piece) else { return .failure(BadPiece(text: String(piece))) }
            ranges.append(range)
        }
        return .success(ranges)
    }

    /// The first piece of a `retry.linkerd.io/grpc` list that Linkerd refuses, or nil when every piece is a known
    /// status name.
    package static func badGRPCCondition(_ list: String) -> BadPiece? {
        for piece in RustText.split(list, on: ",")
        where !Self.grpcConditions.contains(where: { piece.equalsIgnoringASCIICase($0) }) {
            return BadPiece(text: String(piece))
        }
        return nil
    }

    /// A list piece Linkerd refuses, kept exactly as written (spaces included) so a message can show it.
    package struct BadPiece: Error, Equatable {
        package var text: String

        package init(text: String) { self.text = text }
    }

    /// One piece of `retry.linkerd.io/http`: `5xx`, `gateway-error` (ASCII case ignored), a code, or `low-high`
    /// split at the first `-`.
    private static func httpCondition(_ piece: Substring) -> ClosedRange<UInt32>? {
        if piece.equalsIgnoringASCIICase("5xx") { return 500...599 }
        if piece.equalsIgnoringASCIICase("gateway-error") { return 502...504 }
        if let code = Self.statusCode(piece) { return code...code }
        guard let dash = piece.utf8.firstIndex(of: UInt8(ascii: "-")) else { return nil }
        let afterDash = piece.utf8.index(after: dash)
        guard let low = Self.statusCode(piece[..<dash]), let high = Self.statusCode(piece[afterDash...]), low <= high
        else { return nil }
        return low...high
    }

    /// `to_code`: a `u32` as Rust parses it, in 100-599.
    private static func statusCode(_ text: Substring) -> UInt32? {
        guard let code = RustText.unsigned(text, maximum: UInt64(UInt32.max)), (100...599).contains(code) else {
            return nil
        }
        return UInt32(code)
    }
}
