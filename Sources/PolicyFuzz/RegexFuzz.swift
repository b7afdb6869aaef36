import PolicyCore

/// `RegexSyntax.problem(in:)`, the check of HTTPRoute and GRPCRoute `RegularExpression` matches: the whole input
/// is one pattern, as a route field carries it.
///
/// Apart from the other text parsers because compiling a pattern costs far more than any of them: run on every
/// line of the `selector` target's inputs, it took almost all of that target's time.
/// Invariants: no trap, and the same pattern gets the same answer twice (the check keeps no state).
enum RegexFuzz {
    /// Longer patterns than any route field allows are not worth the fuzzer's time.
    static let maximumPatternBytes = 1024

    static func run(_ bytes: [UInt8]) {
        guard bytes.count <= Self.maximumPatternBytes else { return }
        let pattern = String(decoding: bytes, as: UTF8.self)
        let first = RegexSyntax.problem(in: pattern)
        require(RegexSyntax.problem(in: pattern) == first, "RegexSyntax gave two answers for one pattern")
    }
}
