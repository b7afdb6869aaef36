#if canImport(Glibc)
import Glibc
#endif

/// Monotonic nanosecond timing and percentile summaries for the in-process benchmarks.
enum Stopwatch {
    /// Nanoseconds on the monotonic clock.
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// Runs `body` `iterations` times (after a warm-up) and returns each run's duration in nanoseconds.
    static func measure(iterations: Int, _ body: () -> Void) -> [UInt64] {
        for _ in 0..<max(10, iterations / 20) { body() }
        var samples: [UInt64] = []
        samples.reserveCapacity(iterations)
        for _ in 0..<iterations {
            let start = Self.now()
            body()
            samples.append(Self.now() - start)
        }
        return samples
    }
}

/// Median and tail of a set of durations, in microseconds.
struct Summary {
    var median: Double
    var p99: Double
    var count: Int

    init(_ samples: [UInt64]) {
        let sorted = samples.sorted()
        self.count = sorted.count
        self.median = sorted.isEmpty ? 0 : Double(sorted[sorted.count / 2]) / 1000
        self.p99 = sorted.isEmpty ? 0 : Double(sorted[min(sorted.count - 1, sorted.count * 99 / 100)]) / 1000
    }

    /// `12.34` with two decimals.
    static func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

/// Resident set size of this process in MiB, from /proc/self/statm.
func residentMiB() -> Double {
    guard let file = fopen("/proc/self/statm", "r") else { return 0 }
    defer { fclose(file) }
    var size = 0
    var resident = 0
    guard fscanf_statm(file, &size, &resident) == 2 else { return 0 }
    return Double(resident) * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
}

/// Reads the first two numbers of /proc/self/statm.
private func fscanf_statm(_ file: UnsafeMutablePointer<FILE>, _ size: inout Int, _ resident: inout Int) -> Int {
    var buffer = [CChar](repeating: 0, count: 256)
    guard fgets(&buffer, Int32(buffer.count), file) != nil else { return 0 }
    let length = buffer.firstIndex(of: 0) ?? buffer.count
    let fields = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self).split(separator: " ")
    guard fields.count >= 2, let first = Int(fields[0]), let second = Int(fields[1]) else { return 0 }
    size = first
    resident = second
    return 2
}
