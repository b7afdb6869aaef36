import KubeClient
import Testing

/// Exponential backoff with jitter, and query escaping.
@Suite struct BackoffTests {
    /// A generator that always returns the same value, to pin the jitter.
    struct FixedGenerator: RandomNumberGenerator {
        var value: UInt64
        mutating func next() -> UInt64 { self.value }
    }

    @Test func delaysDoubleUpToTheMaximumWithinTheJitterBand() {
        var backoff = Backoff(initial: .milliseconds(100), maximum: .milliseconds(400))
        var random = SystemRandomNumberGenerator()
        let steps: [Duration] = [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(400)]
        for step in steps {
            let delay = backoff.next(using: &random)
            #expect(delay >= step / 2 && delay <= step)
        }
        backoff.reset()
        var highest = FixedGenerator(value: .max)
        #expect(backoff.next(using: &highest) <= .milliseconds(100))
    }

    @Test func continueTokensAreEscapedForTheQuery() {
        #expect("rv:12/off:4==".queryEscaped == "rv%3A12%2Foff%3A4%3D%3D")
        #expect("a-b_c.d~e".queryEscaped == "a-b_c.d~e")
    }
}
