/// One fuzz target: a parser that reads bytes an attacker or a broken peer controls, with the invariants that
/// must hold for every input. A violated invariant traps.
enum FuzzTarget: String, CaseIterable, Sendable {
    /// `HTTPRequestParser` over bytes split at input-derived points: no trap, same requests as one feed.
    case httpParser = "http-parser"
    /// `AdmissionEndpoint.answer` over any body with a small inventory: no trap, the uid is echoed.
    case admission
    /// `JSONDecoding.decode` against Foundation's decoder: what the strict parser accepts, Foundation reads alike.
    case json
    /// Label-selector, label-syntax, CIDR, IP, duration and identity parsing paths of PolicyCore and KubeCache.
    case selector
    /// `RegexSyntax.problem(in:)`, one pattern per input.
    case regex
    /// `HTTPResponseParser` plus `WatchEventDecoder` over a watch response split anywhere.
    case watch
    /// `ManifestReader.documents`, the YAML input of `check`.
    case yaml

    /// Runs one input through the target.
    func run(_ bytes: [UInt8]) {
        switch self {
        case .httpParser: HTTPParserFuzz.run(bytes)
        case .admission: AdmissionFuzz.run(bytes)
        case .json: JSONFuzz.run(bytes)
        case .selector: SelectorFuzz.run(bytes)
        case .regex: RegexFuzz.run(bytes)
        case .watch: WatchFuzz.run(bytes)
        case .yaml: YAMLFuzz.run(bytes)
        }
    }
}

/// Splits an input into chunks whose sizes come from its first byte, so libFuzzer explores splits as it
/// explores contents.
struct ChunkedInput {
    /// The bytes to feed, without the leading split seed.
    let payload: [UInt8]
    /// Sizes of successive chunks (the last chunk takes what is left).
    let seed: UInt8

    init(_ bytes: [UInt8]) {
        self.seed = bytes.first ?? 0
        self.payload = Array(bytes.dropFirst())
    }

    /// The payload cut into chunks of 1 to 64 bytes, a pattern repeated from the seed (seed 0: one chunk).
    var chunks: [ArraySlice<UInt8>] {
        guard self.seed != 0 else { return [self.payload[...]] }
        var chunks: [ArraySlice<UInt8>] = []
        var state = UInt32(self.seed)
        var index = 0
        while index < self.payload.count {
            state = state &* 1_103_515_245 &+ 12_345
            let size = Int((state >> 16) % 64) + 1
            let end = min(index + size, self.payload.count)
            chunks.append(self.payload[index..<end])
            index = end
        }
        return chunks
    }
}

/// Traps with a message when an invariant fails; libFuzzer saves the input that caused it.
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("invariant violated: \(message())") }
}
