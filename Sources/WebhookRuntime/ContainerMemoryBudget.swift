#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The memory limit of the container the process runs in, read from the cgroup file system: `memory.max` under
/// cgroup v2, `memory/memory.limit_in_bytes` under cgroup v1. Under cgroup v2 a container runs in a cgroup
/// namespace of its own, where its cgroup is the root, so no path from `/proc/self/cgroup` is needed; a cgroup v1
/// runtime mounts the container's own memory cgroup at that path as well.
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
/// refused before the kernel kills the pod. Never more than the fixed default used without a limit, and never
/// less than about what one largest body can hold: the budget counts the buffers' allocations, and a buffer grows
/// in steps up to twice what it holds, so a budget of one `--max-body` would refuse a body of that size. (Twice
/// the body is the floor; its head can take the buffer a little further, which only matters when the floor is
/// the budget: a tiny memory limit or a huge `--max-body`.)
package enum AutomaticBufferBudget {
    /// The share of the container's memory limit given to request buffers.
    package static let shareOfMemoryLimit = 4

    package static func budget(memoryLimit: Int?, maxBodyBytes: Int, unlimited: Int) -> Int {
        let oneLargestBody = 2 * maxBodyBytes
        guard let memoryLimit else { return max(oneLargestBody, unlimited) }
        return max(oneLargestBody, min(unlimited, memoryLimit / self.shareOfMemoryLimit))
    }
}
