#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Replays saved inputs (crash reproducers, corpora) through a target without libFuzzer: `PolicyFuzz TARGET
/// PATH...`, each path a file or a folder of files. A violated invariant traps exactly as under the fuzzer.
enum RegressionRunner {
    static func run(arguments: [String]) -> Int32 {
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
            print("usage: PolicyFuzz \(names) FILE_OR_DIR...")
            return 2
        }
        var count = 0
        for path in arguments.dropFirst() {
            for file in Self.files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    print("cannot read \(file)")
                    return 1
                }
                target.run(Array(data))
                count += 1
            }
        }
        print("\(target.rawValue): \(count) inputs replayed, no invariant violated")
        return 0
    }

    /// The file at `path`, or the regular files under it when it is a folder, sorted.
    private static func files(at path: String) -> [String] {
        guard let entries = try? FileManager.default.subpathsOfDirectory(atPath: path) else { return [path] }
        return entries.sorted().map { path + "/" + $0 }.filter { Self.isFolder($0) == false }
    }

    /// Whether `path` names a folder (it can be listed).
    private static func isFolder(_ path: String) -> Bool {
        (try? FileManager.default.contentsOfDirectory(atPath: path)) != nil
    }
}
