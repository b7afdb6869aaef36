/// Exponential backoff with jitter for retrying lists and watches. Pure: the caller passes the randomness.
///
/// Each delay is drawn uniformly between half and all of the current step (so restarting reflectors spread out),
/// and the step doubles up to `maximum`. `reset()` after a success.
package struct Backoff: Sendable {
    package let initial: Duration
    package let maximum: Duration
    private var step: Duration

    package init(initial: Duration = .milliseconds(500), maximum: Duration = .seconds(30)) {
        self.initial = initial
        self.maximum = maximum
        self.step = initial
    }

    /// The delay before the next attempt; doubles the step for the one after.
    package mutating func next(using random: inout some RandomNumberGenerator) -> Duration {
        let current = self.step
        self.step = min(self.step * 2, self.maximum)
        return current * Double.random(in: 0.5...1.0, using: &random)
    }

    /// Starts over from `initial` after a success.
    package mutating func reset() {
        self.step = self.initial
    }
}
