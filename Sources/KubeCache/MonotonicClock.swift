#if canImport(Glibc)
import Glibc
#endif

/// The monotonic clock, in seconds: for deadlines that wall-clock changes must not move.
package enum MonotonicClock {
    /// Seconds since an arbitrary fixed point.
    @Sendable package static func seconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1_000_000_000
    }
}
