import Foundation
import Testing

/// `check` as a process on hostile or empty inputs: each is refused with exit status 2 and a message that says
/// why, and nothing passes on nothing.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct CheckCommandLiveTests {
    /// A scratch folder holding the inputs, removed afterwards.
    final class Scratch {
        let path = NSTemporaryDirectory() + "lpw-check-\(UUID().uuidString)"

        init() throws {
            try FileManager.default.createDirectory(atPath: self.path, withIntermediateDirectories: true)
        }

        deinit {
            try? FileManager.default.removeItem(atPath: self.path)
        }

        func write(_ name: String, _ bytes: [UInt8]) throws {
            let url = URL(fileURLWithPath: self.path + "/" + name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }

        func folder(_ name: String) throws {
            try FileManager.default.createDirectory(atPath: self.path + "/" + name, withIntermediateDirectories: true)
        }

        func link(_ name: String, to target: String) throws {
            try FileManager.default.createSymbolicLink(atPath: self.path + "/" + name, withDestinationPath: target)
        }
    }

    static let server = Array(
        "apiVersion: policy.linkerd.io/v1beta3\nkind: Server\nmetadata: {name: web, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  port: 8080\n"
            .utf8)

    static func check(_ arguments: [String], in scratch: Scratch) throws -> (status: Int32, stderr: String) {
        try ServeCommandLiveTests.run(["check"] + arguments.map { $0.hasPrefix("-") ? $0 : scratch.path + "/" + $0 })
    }

    @Test func symlinkToFolderIsFollowed() throws {
        let scratch = try Scratch()
        try scratch.write("real/server.yaml", Self.server)
        try scratch.link("linked", to: scratch.path + "/real")
        let (status, stderr) = try Self.check(["-f", "linked"], in: scratch)
        #expect(status == 0, "\(stderr)")
    }

    @Test func symlinkLoopIsRefused() throws {
        let scratch = try Scratch()
        try scratch.write("tree/server.yaml", Self.server)
        try scratch.link("tree/again", to: scratch.path + "/tree")
        let (status, stderr) = try Self.check(["-f", "tree"], in: scratch)
        #expect(status == 2)
        #expect(stderr == "error: \(scratch.path)/tree/again: symbolic link loop: it leads back to \(scratch.path)/tree, which contains it; remove the link\n")
    }

    @Test func emptyFolderIsRefused() throws {
        let scratch = try Scratch()
        try scratch.folder("empty")
        let (status, stderr) = try Self.check(["-f", "empty"], in: scratch)
        #expect(status == 2)
        #expect(stderr == "error: \(scratch.path)/empty: no .yaml, .yml or .json file in this folder; nothing to check\n")
    }

    @Test func folderOfNonManifestsIsRefused() throws {
        let scratch = try Scratch()
        try scratch.write("notes/readme.txt", Array("hello".utf8))
        let (status, stderr) = try Self.check(["-f", "notes"], in: scratch)
        #expect(status == 2)
        #expect(stderr.contains("no .yaml, .yml or .json file in this folder"))
    }

    @Test func emptyFileIsRefused() throws {
        let scratch = try Scratch()
        try scratch.write("empty.yaml", Array("---\n".utf8))
        let (status, stderr) = try Self.check(["-f", "empty.yaml"], in: scratch)
        #expect(status == 2)
        #expect(stderr == "error: no Kubernetes object found in \(scratch.path)/empty.yaml (empty input); nothing was checked\n")
    }

    @Test func missingFileGivesTheReason() throws {
        let scratch = try Scratch()
        let (status, stderr) = try Self.check(["-f", "absent.yaml"], in: scratch)
        #expect(status == 2)
        #expect(stderr == "error: cannot open \(scratch.path)/absent.yaml: No such file or directory\n")
    }

    @Test func selfLinkGivesTheReason() throws {
        let scratch = try Scratch()
        try scratch.link("self.yaml", to: scratch.path + "/self.yaml")
        let (status, stderr) = try Self.check(["-f", "self.yaml"], in: scratch)
        #expect(status == 2)
        #expect(stderr == "error: cannot open \(scratch.path)/self.yaml: Too many levels of symbolic links\n")
    }

    @Test func fifoIsRefusedWithoutBlocking() throws {
        let scratch = try Scratch()
        #expect(mkfifo(scratch.path + "/pipe.yaml", 0o600) == 0)
        let (status, stderr) = try Self.check(["-f", "pipe.yaml"], in: scratch)
        #expect(status == 2)
        #expect(stderr == "error: cannot read \(scratch.path)/pipe.yaml: it is a FIFO, not a regular file\n")
    }

    @Test func deviceIsRefused() throws {
        let (status, stderr) = try ServeCommandLiveTests.run(["check", "-f", "/dev/zero"])
        #expect(status == 2)
        #expect(stderr == "error: cannot read /dev/zero: it is a device, not a regular file\n")
    }

    @Test func invalidUTF8IsRefusedWithItsOffset() throws {
        let scratch = try Scratch()
        try scratch.write("bad.yaml", Array("kind: Pod\nmetadata: {name: a".utf8) + [0xFF] + Array("b}\n".utf8))
        let (status, stderr) = try Self.check(["-f", "bad.yaml"], in: scratch)
        #expect(status == 2)
        #expect(stderr == "error: \(scratch.path)/bad.yaml: not valid UTF-8 at byte offset 28\n")
    }

    @Test func usageErrorExitsWithTwo() throws {
        let (status, stderr) = try ServeCommandLiveTests.run(["check", "--no-such-flag"])
        #expect(status == 2)
        #expect(stderr.hasPrefix("Error: "))
    }

    /// Whether the binaries run under a sanitizer (`make test-asan` sets LSAN_OPTIONS, `make test-tsan`
    /// TSAN_OPTIONS): their shadow memory cannot be mapped under an address-space limit.
    static let isSanitized = ["ASAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS"].contains {
        ProcessInfo.processInfo.environment[$0] != nil
    }

    /// The 9-level bomb expanded takes more than 7 GB; refused under a 1 GiB address-space limit, at once.
    @Test(.disabled(if: Self.isSanitized, "a sanitizer's shadow memory needs more address space than the limit"))
    func aliasBombIsRefusedWithLittleMemory() throws {
        let scratch = try Scratch()
        var lines = [#"a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#]
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]")
        }
        try scratch.write("bomb.yaml", Array(lines.joined(separator: "\n").utf8))
        let executable = try #require(ServeCommandLiveTests.executable)
        let (status, stderr) = try Self.shell("ulimit -v 1048576; exec '\(executable)' check -f '\(scratch.path)/bomb.yaml'")
        #expect(status == 2)
        #expect(stderr.hasPrefix("error: \(scratch.path)/bomb.yaml: line 2: alias *a refused;"))
    }

    @Test func plainAliasIsRefused() throws {
        let scratch = try Scratch()
        try scratch.write("alias.yaml", Array("kind: Pod\nmetadata:\n  labels: &l {app: web}\n  annotations: *l\n".utf8))
        let (status, stderr) = try Self.check(["-f", "alias.yaml"], in: scratch)
        #expect(status == 2)
        #expect(stderr.hasPrefix("error: \(scratch.path)/alias.yaml: line 4: alias *l refused;"))
    }

    static func shell(_ script: String) throws -> (status: Int32, stderr: String) {
        try ServeCommandLiveTests.run(executable: "/bin/sh", ["-c", script])
    }
}
