import ArgumentParser
import Logging

// Flag value types of `serve`: each parses its text once, in the argument parser (a bad value is refused there,
// with the parser's message), and prints its default in `--help` in the form it accepts.

/// A byte count from `8388608`, `512Ki`, `8Mi` or `1Gi`: positive, at most 1 TiB.
struct ByteCount: ExpressibleByArgument, Hashable, Sendable {
    let bytes: Int

    init(_ bytes: Int) {
        self.bytes = bytes
    }

    /// The binary suffixes accepted, largest first.
    private static let units: [(suffix: String, factor: Int)] = [("Gi", 1 << 30), ("Mi", 1 << 20), ("Ki", 1 << 10)]

    init?(argument: String) {
        let unit = Self.units.first { argument.hasSuffix($0.suffix) } ?? ("", 1)
        guard let number = Int(argument.dropLast(unit.suffix.count)), number > 0, number <= (1 << 40) / unit.factor
        else { return nil }
        self.bytes = number * unit.factor
    }

    /// The largest suffix that spells the count exactly (`8Mi`, not `8388608`).
    var defaultValueDescription: String {
        for unit in Self.units where self.bytes % unit.factor == 0 { return "\(self.bytes / unit.factor)\(unit.suffix)" }
        return "\(self.bytes)"
    }
}

/// A duration from `20` (seconds), `20s`, `1500ms` or `5m`: whole units, under a million of them.
struct FlagDuration: ExpressibleByArgument, Hashable, Sendable {
    let duration: Duration

    init(_ duration: Duration) {
        self.duration = duration
    }

    /// The suffixes accepted with their length in milliseconds; a bare number is seconds.
    private static let units: [(suffix: String, milliseconds: Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000)]

    init?(argument: String) {
        let unit = Self.units.first { argument.hasSuffix($0.suffix) } ?? ("", 1000)
        guard let number = Int64(argument.dropLast(unit.suffix.count)), number >= 0, number < 1_000_000 else { return nil }
        self.duration = .milliseconds(number * unit.milliseconds)
    }

    /// Seconds as a `Double`, for configuration that counts in seconds.
    var seconds: Double { self.duration / .seconds(1) }

    /// The largest unit that spells the duration exactly (`20s`, `5m`, `1500ms`).
    var defaultValueDescription: String {
        let milliseconds = self.duration.components.seconds * 1000 + self.duration.components.attoseconds / 1_000_000_000_000_000
        for unit in Self.units.reversed() where milliseconds % unit.milliseconds == 0 && milliseconds > 0 {
            return "\(milliseconds / unit.milliseconds)\(unit.suffix)"
        }
        return "\(milliseconds)ms"
    }
}

/// How log lines are written.
enum LogFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// Human-readable lines.
    case plain
    /// The same as `plain`, accepted for kubert's spelling.
    case text
    /// One JSON object per line.
    case json
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
