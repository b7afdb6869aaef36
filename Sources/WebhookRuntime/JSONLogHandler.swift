import Logging
import PolicyAPI

#if canImport(Glibc)
import Glibc
#endif

/// A swift-log handler writing one JSON object per line to standard error (`--log-format json`):
/// `{"level":"info","logger":"…","message":"…","request.uid":"…",…}`, metadata keys as given.
package struct JSONLogHandler: LogHandler {
    package var logLevel: Logger.Level
    package var metadata: Logger.Metadata = [:]
    private let label: String
    private let sink: @Sendable ([UInt8]) -> Void

    /// A handler for `label` writing lines to `sink` (standard error by default).
    package init(label: String, logLevel: Logger.Level = .info, sink: @escaping @Sendable ([UInt8]) -> Void = JSONLogHandler.writeToStandardError) {
        self.label = label
        self.logLevel = logLevel
        self.sink = sink
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var merged = self.metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        var writer = JSONWriter()
        writer.raw("{\"level\":")
        writer.string(event.level.rawValue)
        writer.raw(",\"logger\":")
        writer.string(self.label)
        writer.raw(",\"message\":")
        writer.string("\(event.message)")
        for key in merged.keys.sorted() {
            writer.raw(",")
            writer.string(key)
            writer.raw(":")
            writer.string("\(merged[key].map { "\($0)" } ?? "")")
        }
        writer.raw("}\n")
        self.sink(writer.bytes)
    }

    /// Writes a whole line to fd 2 with one write(2), so lines from different threads do not interleave.
    package static let writeToStandardError: @Sendable ([UInt8]) -> Void = { bytes in
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}
