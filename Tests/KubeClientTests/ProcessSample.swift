import Foundation

/// The test process's resident memory, threads and open files at one moment, read from `/proc/self` (Linux).
struct ProcessSample: Sendable {
    /// `VmRSS`, in bytes.
    var residentBytes: Int
    /// `Threads`.
    var threads: Int
    /// Entries of `/proc/self/fd`.
    var openFiles: Int

    /// Samples the process now; zeros where `/proc` cannot be read.
    static func now() -> ProcessSample {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let files = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.count ?? 0
        return ProcessSample(
            residentBytes: Self.field("VmRSS", in: status) * 1024, threads: Self.field("Threads", in: status),
            openFiles: files)
    }

    /// The leading number of a `Name:   value [kB]` line of /proc/self/status.
    static func field(_ name: String, in status: String) -> Int {
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let value = line.dropFirst(name.count + 1).split(whereSeparator: \.isWhitespace).first
            return value.flatMap { Int($0) } ?? 0
        }
        return 0
    }
}
