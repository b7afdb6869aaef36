import TestSupport
import Foundation
import NetIO
import Testing

/// Certificate reload follows kubelet's `..data` symlink swap and ignores broken pairs.
struct ReloadingTLSContextTests {
    /// A Secret-like mount: `dir/tls.crt -> ..data/tls.crt`, `..data -> <version>`.
    static func mount(_ certs: TestCertificates, in directory: String, version: String) throws {
        let manager = FileManager.default
        let versionPath = directory + "/" + version
        try manager.createDirectory(atPath: versionPath, withIntermediateDirectories: true)
        try manager.copyItem(atPath: certs.certificatePath, toPath: versionPath + "/tls.crt")
        try manager.copyItem(atPath: certs.keyPath, toPath: versionPath + "/tls.key")
        let temporary = directory + "/..data_tmp"
        try? manager.removeItem(atPath: temporary)
        try manager.createSymbolicLink(atPath: temporary, withDestinationPath: version)
        guard rename(temporary, directory + "/..data") == 0 else { throw CocoaError(.fileWriteUnknown) }
        for name in ["tls.crt", "tls.key"] where !manager.fileExists(atPath: directory + "/" + name) {
            try manager.createSymbolicLink(atPath: directory + "/" + name, withDestinationPath: "..data/" + name)
        }
    }

    @Test func symlinkSwapReloadsAndBrokenPairIsRejected() throws {
        let directory = NSTemporaryDirectory() + "mount-\(UUID().uuidString)"
        try Self.mount(TestCertificates(), in: directory, version: "v1")
        let reloading = try ReloadingTLSContext(
            configuration: TLSConfiguration(certificateChainPath: directory + "/tls.crt", privateKeyPath: directory + "/tls.key")
        )
        let first = reloading.current
        #expect(reloading.reloadIfChanged() == .unchanged)

        try Self.mount(TestCertificates(.rsa), in: directory, version: "v2")
        #expect(reloading.reloadIfChanged() == .reloaded)
        let second = reloading.current
        #expect(second !== first)

        try FileManager.default.createDirectory(atPath: directory + "/v3", withIntermediateDirectories: true)
        try Data("not a key".utf8).write(to: URL(fileURLWithPath: directory + "/v3/tls.key"))
        try FileManager.default.copyItem(atPath: directory + "/v2/tls.crt", toPath: directory + "/v3/tls.crt")
        try FileManager.default.createSymbolicLink(atPath: directory + "/..data_tmp", withDestinationPath: "v3")
        #expect(rename(directory + "/..data_tmp", directory + "/..data") == 0)
        guard case .rejected = reloading.reloadIfChanged() else {
            Issue.record("a broken pair was not rejected")
            return
        }
        #expect(reloading.current === second)
        #expect(reloading.reloadIfChanged() == .unchanged)
    }
}
