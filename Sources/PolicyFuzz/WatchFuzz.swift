import HTTP1Codec
import KubeClient
import PolicyAPI

/// A watch response from a broken or hostile API server: `HTTPResponseParser` (status line, headers, chunked
/// or length framing) feeding `WatchEventDecoder` (one JSON object per event), over bytes split anywhere.
///
/// Invariants: no trap; whenever neither split fails, one feed and chunked feeds give the same heads, the same
/// body bytes and the same watch events, and whether either fails does not depend on the split.
enum WatchFuzz {
    /// Small bounds so the oversized paths are reachable with short inputs.
    static let maximumHeadSize = 256
    static let maximumEventSize = 2048

    /// Everything the two decoders made of a stream, or that they failed.
    private struct Outcome: Equatable {
        var heads: [HTTPResponseHead] = []
        var body: [UInt8] = []
        var ends = 0
        var events: [WatchEvent] = []
        var failed = false
    }

    static func run(_ bytes: [UInt8]) {
        let input = ChunkedInput(bytes)
        let whole = Self.decode([input.payload[...]])
        let split = Self.decode(input.chunks)
        require(whole.failed == split.failed, "failure depends on the split (one feed failed: \(whole.failed))")
        if !whole.failed {
            require(whole == split, "one feed and chunked feeds decode differently")
        }
    }

    private static func decode(_ chunks: [ArraySlice<UInt8>]) -> Outcome {
        var response = HTTPResponseParser(maximumHeadSize: Self.maximumHeadSize)
        var watch = WatchEventDecoder(maximumEventSize: Self.maximumEventSize)
        var outcome = Outcome()
        do {
            for chunk in chunks {
                try Self.record(try response.feed(chunk), into: &outcome, watch: &watch)
            }
            try Self.record(try response.finish(), into: &outcome, watch: &watch)
        } catch {
            outcome.failed = true
        }
        return outcome
    }

    /// Adds the response decoder's events to the outcome, passing body bytes on to the watch decoder.
    private static func record(
        _ events: [HTTPResponseParser.Event], into outcome: inout Outcome, watch: inout WatchEventDecoder
    ) throws(KubeClientError) {
        for event in events {
            switch event {
            case .head(let head): outcome.heads.append(head)
            case .body(let body):
                outcome.body += body
                outcome.events += try watch.feed(body)
            case .end: outcome.ends += 1
            }
        }
    }
}
