import Glibc
import Synchronization

/// The server's current TLS context, re-created when the certificate or key files change.
///
/// kubelet updates a mounted Secret by swapping a `..data` symlink, so an inotify watch on the file would
/// follow the old inode; instead `reloadIfChanged()` compares `stat` of both paths (which follows the
/// symlinks). A pair that fails to load is reported and ignored: the old context stays in use until the
/// files change again. New handshakes take `current`; open sessions keep the context they started with.
package final class ReloadingTLSContext: Sendable {
    /// What a reload check did.
    package enum ReloadOutcome: Equatable, Sendable {
        case unchanged
        case reloaded
        /// The files changed but the new pair cannot be used; the previous context is kept.
        case rejected(TLSError)
    }

    /// The identity of a file version as `stat` sees it.
    private struct FileStamp: Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: Int
        var modifiedNanoseconds: Int
        var changed: Int
        var changedNanoseconds: Int
    }

    package let configuration: TLSConfiguration
    private let state: Mutex<(context: TLSContext, stamps: [FileStamp?])>

    /// Loads the pair once; fails when it cannot be used (at start-up this is fatal).
    package init(configuration: TLSConfiguration) throws(TLSError) {
        self.configuration = configuration
        let stamps = Self.stamps(configuration)
        let context = try TLSContext(server: configuration)
        self.state = Mutex((context, stamps))
    }

    /// The context new handshakes use.
    package var current: TLSContext {
        self.state.withLock { $0.context }
    }

    /// Re-creates the context if either file changed since the last check.
    package func reloadIfChanged() -> ReloadOutcome {
        let stamps = Self.stamps(self.configuration)
        let isChanged = self.state.withLock { $0.stamps != stamps }
        guard isChanged else { return .unchanged }
        do {
            let context = try TLSContext(server: self.configuration)
            self.state.withLock { $0 = (context, stamps) }
            return .reloaded
        } catch {
            // Remember the stamps so a broken pair is reported once, not on every check.
            self.state.withLock { $0.stamps = stamps }
            return .rejected(error)
        }
    }

    /// The stamps of the certificate and key files (nil for a file that cannot be stat'ed).
    private static func stamps(_ configuration: TLSConfiguration) -> [FileStamp?] {
        [configuration.certificateChainPath, configuration.privateKeyPath].map { path in
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            return FileStamp(
                device: UInt64(info.st_dev),
                inode: UInt64(info.st_ino),
                size: Int64(info.st_size),
                modified: info.st_mtim.tv_sec,
                modifiedNanoseconds: info.st_mtim.tv_nsec,
                changed: info.st_ctim.tv_sec,
                changedNanoseconds: info.st_ctim.tv_nsec
            )
        }
    }
}
