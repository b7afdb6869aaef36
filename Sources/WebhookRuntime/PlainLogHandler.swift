import Logging

#if canImport(Glibc)
import Glibc
#endif

/// A swift-log handler writing one plain line per event to standard error (`--log-format plain`):
/// `2026-12-07T02:33:08Z info linkerd-policy-webhook : admission.kind=Server request.uid=u-1 denied`.
///
/// Values come from requests (names, uids, reasons), so every control character of the message and of each
/// metadata value is escaped (`\n`, `\r`, `\t`, `\u{1b}`, and `\\` for a backslash): a name holding a newline cannot
/// forge a second line. swift-log's `StreamLogHandler` writes them raw.
package struct PlainLogHandler: LogHandler {
    package var logLevel: Logger.Level
    package var metadata: Logger.Metadata = [:]
    private let label: String
    private let sink: @Sendable ([UInt8]) -> Void
    private let clock: @Sendable () -> String

    /// A handler for `label` writing lines to `sink` (standard error by default), stamped by `clock`.
    package init(
        label: String, logLevel: Logger.Level = .info,
        sink: @escaping @Sendable ([UInt8]) -> Void = JSONLogHandler.writeToStandardError,
        clock: @escaping @Sendable () -> String = PlainLogHandler.utcTimestamp
    ) {
        self.label = label
        self.logLevel = logLevel
        self.sink = sink
        self.clock = clock
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var merged = self.metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        var line = "\(self.clock()) \(event.level.rawValue) \(Self.escaped(self.label)) :"
        for key in merged.keys.sorted() {
            line += " \(Self.escaped(key))=\(Self.escaped(merged[key].map { "\($0)" } ?? ""))"
        }
        line += " \(Self.escaped("\(event.message)"))\n"
        self.sink(Array(line.utf8))
    }

    /// The text with every control character (C0, DEL, C1, and the line and paragraph separators) and the
    /// backslash escaped, so it stays on one line and reads back unambiguously.
    package static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: Self.needsEscape) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where Self.needsEscape(scalar): result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar == "\\" || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028
            || scalar.value == 0x2029
    }

    /// Now as `YYYY-MM-DDTHH:MM:SSZ`.
    package static let utcTimestamp: @Sendable () -> String = {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var buffer = [Int8](repeating: 0, count: 32)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
