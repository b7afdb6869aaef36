#if canImport(Glibc)
import Glibc
#endif

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The few file-system questions the commands ask, answered without Foundation's full module.
package enum FileSystem {
    /// True when `path` names a directory (following symbolic links).
    package static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else { return false }
        return (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// The files below `directory` (recursively) whose names end with one of `suffixes`, as full paths, sorted.
    package static func files(below directory: String, endingWith suffixes: [String]) -> [String] {
        let directory = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let subpaths = (try? FileManager.default.subpathsOfDirectory(atPath: directory)) ?? []
        return subpaths
            .filter { subpath in suffixes.contains { subpath.hasSuffix($0) } }
            .map { directory + "/" + $0 }
            .filter { !Self.isDirectory($0) }
            .sorted()
    }
}
