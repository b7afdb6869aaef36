import Foundation
import Testing
import WebhookRuntime

@Suite struct BufferBudgetTests {
    static let mebibyte = 1 << 20

    /// A cgroup root with one file written.
    static func cgroupRoot(_ file: String, _ text: String) throws -> String {
        let root = NSTemporaryDirectory() + "cgroup-\(UUID().uuidString)"
        let path = root + "/" + file
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return root
    }

    @Test func cgroupV2LimitIsRead() throws {
        let root = try Self.cgroupRoot("memory.max", "268435456\n")
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(ContainerMemoryLimit.read(cgroupRoot: root) == 256 * Self.mebibyte)
    }

    @Test func cgroupV2WithoutALimitSaysNone() throws {
        let root = try Self.cgroupRoot("memory.max", "max\n")
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(ContainerMemoryLimit.read(cgroupRoot: root) == nil)
    }

    @Test func cgroupV1LimitIsRead() throws {
        let root = try Self.cgroupRoot("memory/memory.limit_in_bytes", "536870912\n")
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(ContainerMemoryLimit.read(cgroupRoot: root) == 512 * Self.mebibyte)
    }

    @Test func cgroupV1UnlimitedSaysNone() throws {
        let root = try Self.cgroupRoot("memory/memory.limit_in_bytes", "9223372036854771712\n")
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(ContainerMemoryLimit.read(cgroupRoot: root) == nil)
    }

    @Test func missingOrUnreadableFilesSayNone() throws {
        #expect(ContainerMemoryLimit.read(cgroupRoot: "/nonexistent-cgroup-root") == nil)
        let root = try Self.cgroupRoot("memory.max", String(repeating: "9", count: 100))
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(ContainerMemoryLimit.read(cgroupRoot: root) == nil)
        #expect(ContainerMemoryLimit.parse(v2: "-1") == nil)
        #expect(ContainerMemoryLimit.parse(v2: "lots") == nil)
    }

    @Test func budgetIsAQuarterOfTheChartsDefaultLimit() {
        // The chart's limit (256Mi) leaves three quarters for the cache, TLS sessions and the runtime.
        let budget = AutomaticBufferBudget.budget(memoryLimit: 256 * Self.mebibyte, maxBodyBytes: 8 * Self.mebibyte, unlimited: 256 * Self.mebibyte)
        #expect(budget == 64 * Self.mebibyte)
        #expect(budget * 2 <= 256 * Self.mebibyte)
    }

    @Test func budgetHoldsAtLeastOneLargestBodyWhateverTheLimitAndTheDefault() {
        // Buffers grow in steps up to twice what they hold: one largest body may hold twice --max-body.
        #expect(AutomaticBufferBudget.budget(memoryLimit: 16 * Self.mebibyte, maxBodyBytes: 8 * Self.mebibyte, unlimited: 256 * Self.mebibyte) == 16 * Self.mebibyte)
        #expect(AutomaticBufferBudget.budget(memoryLimit: 4 << 30, maxBodyBytes: 512 * Self.mebibyte, unlimited: 256 * Self.mebibyte) == 1024 * Self.mebibyte)
        #expect(AutomaticBufferBudget.budget(memoryLimit: nil, maxBodyBytes: 512 * Self.mebibyte, unlimited: 256 * Self.mebibyte) == 1024 * Self.mebibyte)
    }

    @Test func budgetWithoutALimitOrWithAHugeOneIsTheFixedDefault() {
        #expect(AutomaticBufferBudget.budget(memoryLimit: nil, maxBodyBytes: 8 * Self.mebibyte, unlimited: 256 * Self.mebibyte) == 256 * Self.mebibyte)
        #expect(AutomaticBufferBudget.budget(memoryLimit: 64 << 30, maxBodyBytes: 8 * Self.mebibyte, unlimited: 256 * Self.mebibyte) == 256 * Self.mebibyte)
    }
}
