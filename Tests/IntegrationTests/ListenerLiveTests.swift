import Foundation
import Logging
import NetIO
import Testing
import TestSupport
import WebhookRuntime

/// Each loop listens on its own SO_REUSEPORT socket; a port another server holds is still refused at start.
@Suite(.serialized, .timeLimit(.minutes(1))) struct ListenerLiveTests {
    @Test func secondServerOnABusyPortFailsToStart() async throws {
        let live = try LiveServer()
        let configuration = WebhookConfiguration(
            serverAddress: live.addresses.webhook,
            adminAddress: try SocketAddress(parsing: "127.0.0.1:0"),
            tls: TLSConfiguration(certificateChainPath: live.certs.certificatePath, privateKeyPath: live.certs.keyPath)
        )
        let second = try WebhookServer.serving(
            inventoryPath: nil, configuration: configuration, logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() })
        #expect(throws: WebhookServerError.self) { try second.start() }
        second.shutdown(grace: .zero)
        await second.waitUntilStopped()
        try await live.stop()
    }
}
