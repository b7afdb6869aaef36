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
    static let maximumSize = 16 << 20

    /// The whole content of `path`.
    package static func read(_ path: String) throws(KubeClientError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .configuration("cannot open \(path): \(Self.errnoText())") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .configuration("cannot read \(path): \(Self.errnoText())")
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<count])
            if bytes.count > Self.maximumSize { throw .configuration("\(path) is larger than 16 MiB") }
        }
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
