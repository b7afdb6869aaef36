import Foundation

/// How long `APIServerUnreachableTests` keeps the fake API server unreachable, the retry pacing, and the bounds that
/// pacing implies. Read from the environment so `make outage` runs issue 6's 10 minutes with the backoff cap of
/// `serve`, while `swift test` spends a few seconds.
struct OutagePlan: Sendable {
    /// `LPW_OUTAGE_SECONDS`: how long the server refuses connections (default 3 s).
    var outage: Duration
    /// The harness's first retry delay.
    var initialBackoff: Duration
    /// `LPW_OUTAGE_MAX_BACKOFF_MS`: the backoff cap (default 200 ms, the harness's; `make outage` passes 30000,
    /// the cap `serve` runs with).
    var maximumBackoff: Duration
    /// True when the outage length was asked for. `make outage` runs this suite alone, so process-wide figures
    /// (RSS, threads, open files) are this test's; in the whole suite, tests running in parallel move them.
    var isDedicatedRun: Bool

    /// The plan of this process's environment.
    static let current = OutagePlan(environment: ProcessInfo.processInfo.environment)

    init(environment: [String: String]) {
        let seconds = environment["LPW_OUTAGE_SECONDS"].flatMap(Double.init).map { max(1, $0) }
        let capMilliseconds = environment["LPW_OUTAGE_MAX_BACKOFF_MS"].flatMap(Int.init).map { max(20, $0) }
        self.outage = .milliseconds(Int((seconds ?? 3) * 1000))
        self.initialBackoff = .milliseconds(20)
        self.maximumBackoff = .milliseconds(capMilliseconds ?? 200)
        self.isDedicatedRun = seconds != nil
    }

    /// How often the outage is checked: about six times in a short run, every 5 s in a long one.
    var sampleInterval: Duration { max(.milliseconds(250), min(.seconds(5), self.outage / 6)) }

    /// The most LIST or WATCH attempts one reflector may make while the server is down.
    ///
    /// After each failure the reflector sleeps a draw from [step/2, step], the step doubling from `initialBackoff`
    /// up to `maximumBackoff` (Backoff.swift). Counting the sleeps of the doublings as zero, every further sleep
    /// lasts at least cap/2, so n attempts in the outage need n ≤ 1 + doublings + outage / (cap/2); one more allows
    /// for the attempt under way when the server went down.
    var maximumAttempts: Int { self.maximumAttempts(during: self.outage) }

    /// The same bound for an outage of `elapsed`: how long the server was really down when the attempts were
    /// counted, which on a loaded machine is longer than planned.
    func maximumAttempts(during elapsed: Duration) -> Int {
        var doublings = 0
        var step = self.initialBackoff
        while step < self.maximumBackoff {
            step *= 2
            doublings += 1
        }
        return 2 + doublings + Int((elapsed / (self.maximumBackoff / 2)).rounded(.up))
    }

    /// The fewest: the reflector never gives up and no sleep exceeds the cap (with 50% slack for a loaded machine).
    var minimumAttempts: Int { max(1, Int(self.outage / (self.maximumBackoff * 1.5)) - 1) }

    /// How long the cache may take to converge once the server is back: the sleep under way (up to the cap, with
    /// the jitter's 50% slack), then the relist the 410 starts at once (a 410 is an answer: the reflector resets
    /// its backoff), plus 5 s for the relist on a loaded machine.
    var convergenceLimit: Duration { self.maximumBackoff * 1.5 + .seconds(5) }

    /// Swift Testing limits are whole minutes: the outage, the convergence and a minute for the rest.
    var timeLimitMinutes: Int {
        Int(((self.outage + self.convergenceLimit + .seconds(60)) / .seconds(60)).rounded(.up))
    }
}
