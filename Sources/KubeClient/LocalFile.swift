#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads small local files (tokens, certificates, kubeconfigs) and tells when one has changed.
package enum LocalFile {
    /// What identifies one version of a file: kubelet swaps a `..data` symlink when it rotates a mounted Secret or
    /// projected token, so the inode changes even when the size and time do not.
    package struct Fingerprint: Hashable, Sendable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modificationSeconds: Int
        var modificationNanoseconds: Int
    }

    /// The largest file read (a kubeconfig or a CA bundle is far smaller).
    package static let maximumSize = 16 << 20

    /// The whole content of `path`, a regular file of at most `maximumSize` bytes.
    ///
    /// Opened without blocking, so a FIFO or a device is refused (after `fstat`) instead of waiting for a writer;
    /// every failure names its reason (`No such file or directory`, `Too many levels of symbolic links`,
    /// `Permission denied`, `is a directory`).
    package static func read(_ path: String, maximumSize: Int = Self.maximumSize) throws(KubeClientError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { throw .configuration("cannot open \(path): \(Self.errnoText())") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .configuration("cannot read \(path): \(Self.errnoText())") }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw .configuration("cannot read \(path): it is a directory")
        case S_IFIFO: throw .configuration("cannot read \(path): it is a FIFO, not a regular file")
        case S_IFCHR, S_IFBLK: throw .configuration("cannot read \(path): it is a device, not a regular file")
        default: throw .configuration("cannot read \(path): it is not a regular file")
        }
        if Int(info.st_size) > maximumSize { throw .configuration("\(path) is larger than \(Self.sizeText(maximumSize))") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .configuration("cannot read \(path): \(Self.errnoText())")
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<count])
            if bytes.count > maximumSize { throw .configuration("\(path) is larger than \(Self.sizeText(maximumSize))") }
        }
    }

    /// `16 MiB`, for messages.
    private static func sizeText(_ bytes: Int) -> String {
        bytes >= 1 << 30 && bytes % (1 << 30) == 0 ? "\(bytes >> 30) GiB" : "\(bytes >> 20) MiB"
    }

    /// The file's current fingerprint, following symlinks; nil when it cannot be stat'ed.
    package static func fingerprint(_ path: String) -> Fingerprint? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        return Fingerprint(
            device: UInt64(info.st_dev),
            inode: UInt64(info.st_ino),
            size: Int64(info.st_size),
            modificationSeconds: Int(time.tv_sec),
            modificationNanoseconds: Int(time.tv_nsec)
        )
    }

    /// The text of the current `errno`.
    static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
