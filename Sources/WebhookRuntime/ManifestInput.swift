import KubeClient

#if canImport(Glibc)
import Glibc
#endif

/// Where `check` and `--inventory` get their text: files, folders (followed through symbolic links, loops
/// refused) and standard input, read as strict UTF-8, with a reason for every failure.
package enum ManifestInput {
    /// Why an input cannot be used (`check` exits 2 with this message).
    package struct Failure: Error, CustomStringConvertible, Equatable {
        package var description: String

        package init(_ description: String) {
            self.description = description
        }
    }

    /// The names a folder's manifests end with.
    package static let suffixes = [".yaml", ".yml", ".json"]
    /// The largest manifest read: far above any real bundle, low enough that a wrong path to a huge file fails.
    package static let maximumSize = 1 << 30

    /// The text of a file, refused with a reason when it cannot be read, is no regular file or is not UTF-8.
    package static func read(_ path: String) throws(Failure) -> String {
        let bytes: [UInt8]
        do {
            bytes = try LocalFile.read(path, maximumSize: Self.maximumSize)
        } catch {
            throw Failure(error.reason)
        }
        return try Self.text(bytes, source: path)
    }

    /// Standard input to its end, as strict UTF-8.
    package static func readStandardInput() throws(Failure) -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure("<stdin>: cannot be read: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
            if bytes.count > Self.maximumSize { throw Failure("<stdin>: more than 1 GiB") }
        }
        return try Self.text(bytes, source: "<stdin>")
    }

    /// The bytes as a String, or a failure naming the byte offset of the first invalid UTF-8 sequence (never a
    /// silent U+FFFD, which would check something other than what was given).
    package static func text(_ bytes: [UInt8], source: String) throws(Failure) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var offset = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while case .scalarValue(let scalar) = decoder.decode(&iterator) { offset += UTF8.width(scalar) }
        throw Failure("\(source): not valid UTF-8 at byte offset \(offset)")
    }

    /// The manifests below `directory`, recursively and through symbolic links, as sorted paths.
    ///
    /// A folder reached again through a link is read once; a link back to a folder that contains it is a loop
    /// and refused. Entries that cannot be examined, and manifests that are no regular files, are named rather than
    /// skipped (reading them gives the reason).
    package static func files(below directory: String) throws(Failure) -> [String] {
        let root = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var walk = FolderWalk()
        try walk.visit(root)
        return walk.files.sorted()
    }
}

/// One recursive walk: the folders on the current path (for loops), every folder seen, the files found.
private struct FolderWalk {
    /// A folder's identity: device and inode, whatever path reached it.
    struct Identity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    var ancestors: [(identity: Identity, path: String)] = []
    var seen: Set<Identity> = []
    var files: [String] = []

    mutating func visit(_ path: String) throws(ManifestInput.Failure) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw ManifestInput.Failure("\(path): cannot be read: \(String(cString: strerror(errno)))")
        }
        let identity = Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        if let ancestor = self.ancestors.first(where: { $0.identity == identity }) {
            throw ManifestInput.Failure(
                "\(path): symbolic link loop: it leads back to \(ancestor.path), which contains it; remove the link")
        }
        guard self.seen.insert(identity).inserted else { return }
        guard let stream = opendir(path) else {
            throw ManifestInput.Failure("\(path): cannot be read: \(String(cString: strerror(errno)))")
        }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        closedir(stream)
        self.ancestors.append((identity, path))
        defer { self.ancestors.removeLast() }
        for name in names.sorted() {
            let child = path + "/" + name
            let isManifest = ManifestInput.suffixes.contains { name.hasSuffix($0) }
            var childInfo = stat()
            guard stat(child, &childInfo) == 0 else {
                // A dangling or looping link named like a manifest is an input that cannot be read; others are
                // not inputs.
                if isManifest || errno == ELOOP {
                    throw ManifestInput.Failure("\(child): cannot be read: \(String(cString: strerror(errno)))")
                }
                continue
            }
            if (childInfo.st_mode & S_IFMT) == S_IFDIR {
                try self.visit(child)
            } else if isManifest {
                self.files.append(child)
            }
        }
    }
}
