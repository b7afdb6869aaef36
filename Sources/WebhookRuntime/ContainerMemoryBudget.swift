#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The memory limit of the container the process runs in, read from the cgroup file system: `memory.max` under
/// cgroup v2, `memory/memory.limit_in_bytes` under cgroup v1. A container sees its own cgroup at the root (the
/// cgroup namespace Kubernetes gives each container), so no path from `/proc/self/cgroup` is needed.
package enum ContainerMemoryLimit {
    /// The limit in bytes, or nil when there is none (`max`, v1's page-rounded `Int64.max`) or no file says.
    package static func read(cgroupRoot: String = "/sys/fs/cgroup") -> Int? {
        if let text = self.smallFile(cgroupRoot + "/memory.max") { return self.parse(v2: text) }
        if let text = self.smallFile(cgroupRoot + "/memory/memory.limit_in_bytes") { return self.parse(v1: text) }
        return nil
    }

    /// cgroup v2 `memory.max`: a byte count, or `max` for none.
    package static func parse(v2 text: String) -> Int? {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard value != "max", let bytes = Int(value), bytes > 0 else { return nil }
        return bytes
    }

    /// cgroup v1 `memory.limit_in_bytes`: a byte count; "no limit" is `Int64.max` rounded down to a page, so any
    /// value from 2^62 up means none.
    package static func parse(v1 text: String) -> Int? {
        guard let bytes = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes > 0, bytes < 1 << 62 else {
            return nil
        }
        return bytes
    }

    /// A cgroup file's text: these hold one short line, so anything longer is not one of them.
    private static func smallFile(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 64 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

/// How many request bytes the webhook's connections may buffer together when `--max-buffered-bytes` is not given.
///
/// A quarter of the container's memory limit: the rest holds the cluster cache (it doubles for a moment while a
/// relist builds the new state beside the old), the TLS sessions and the runtime, so a flood of partial bodies is
/// refused before the kernel kills the pod. Never less than one largest body, never more than the fixed default
/// used without a limit.
package enum AutomaticBufferBudget {
    /// The share of the container's memory limit given to request buffers.
    package static let shareOfMemoryLimit = 4

    package static func budget(memoryLimit: Int?, maxBodyBytes: Int, unlimited: Int) -> Int {
        guard let memoryLimit else { return unlimited }
        return min(unlimited, max(maxBodyBytes, memoryLimit / self.shareOfMemoryLimit))
    }
}
