import TestSupport
import Foundation
import PolicyAPI
import PolicyCore
import Logging
import NetIO
import Testing
import WebhookRuntime

/// A real `WebhookServer` on ephemeral loopback ports, with throwaway certificates, for one test.
struct LiveServer {
    let server: WebhookServer
    let addresses: WebhookServer.BoundAddresses
    let certs: TestCertificates

    /// Starts a server; the TLS files may be overridden (for reload tests) and limits tightened.
    init(
        certs: TestCertificates? = nil,
        certificatePath: String? = nil,
        keyPath: String? = nil,
        requireClientCertificate: Bool = false,
        maxBodyBytes: Int = 1024 * 1024,
        timeouts: ConnectionTimeouts = ConnectionTimeouts(),
        maxConnections: Int = 25_000,
        maxBufferedBytes: Int = 256 << 20,
        enforcement: AdmissionConfiguration.Enforcement = .deny
    ) throws {
        let certs = try certs ?? TestCertificates()
        var configuration = WebhookConfiguration(
            serverAddress: try SocketAddress(parsing: "127.0.0.1:0"),
            adminAddress: try SocketAddress(parsing: "127.0.0.1:0"),
            tls: TLSConfiguration(
                certificateChainPath: certificatePath ?? certs.certificatePath,
                privateKeyPath: keyPath ?? certs.keyPath,
                clientCAPath: requireClientCertificate ? certs.caPath : nil
            ),
            maxBodyBytes: maxBodyBytes,
            shutdownGrace: .seconds(5),
            timeouts: timeouts,
            eventLoopCount: 2
        )
        configuration.certificateReloadInterval = .milliseconds(100)
        configuration.maxConnections = maxConnections
        configuration.maxBufferedBytes = maxBufferedBytes
        configuration.admission.enforcement = enforcement
        let logger = Logger(label: "live-test") { _ in SwiftLogNoOpLogHandler() }
        self.server = try WebhookServer.serving(inventoryPath: nil, configuration: configuration, logger: logger)
        self.addresses = try self.server.start()
        self.certs = certs
    }

    /// A TLS client trusting the test CA.
    func client(caPath: String? = nil, timeout: Duration = .seconds(5)) throws -> BlockingClient {
        try BlockingClient(
            connectingTo: self.addresses.webhook,
            tls: TLSContext(clientTrusting: caPath ?? self.certs.caPath),
            serverName: "localhost",
            timeout: timeout
        )
    }

    /// A plain client for the admin listener.
    func adminClient() throws -> BlockingClient {
        try BlockingClient(connectingTo: self.addresses.admin, timeout: .seconds(5))
    }

    /// Shuts down and waits, failing the test instead of hanging if it takes longer than `limit`.
    func stop(grace: Duration = .seconds(5), limit: Duration = .seconds(10)) async throws {
        self.server.shutdown(grace: grace)
        try await withTimeout(limit) { await self.server.waitUntilStopped() }
    }
}

extension LiveServer {
    /// The webhook listener's counters.
    var probe: ServerProbe {
        get throws { try #require(self.server.webhookProbe) }
    }
}

/// Waits until `fact` (something the server exposes: a counter, a state) holds, re-checking every millisecond;
/// throws `TimedOut` after `limit`, which only bounds a broken server: the wait ends as soon as the fact holds.
func waitUntil(_ limit: Duration = .seconds(10), _ fact: () throws -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while try !fact() {
        guard ContinuousClock.now < deadline else { throw TimedOut() }
        try await Task.sleep(for: .milliseconds(1))
    }
}

/// The error of an operation that did not finish in time.
struct TimedOut: Error {}

/// Runs `operation`, throwing `TimedOut` if it has not finished after `limit`.
func withTimeout<T: Sendable>(_ limit: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw TimedOut() }
        return value
    }
}

/// Request builders for the live tests.
enum Requests {
    /// The recorded AdmissionReview of a valid Server CREATE (`examples/reviews/server-create.json`, 4 KB), or
    /// the small one when the file is missing.
    static let review: [UInt8] = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/reviews/server-create.json").path
        if let data = FileManager.default.contents(atPath: path) { return Array(data) }
        return smallReview
    }()

    /// A minimal AdmissionReview with the same uid, under 1 KiB.
    static let smallReview: [UInt8] = {
        Array(
            #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"8bca32f4-5953-55fc-8b9a-d8b949494ea2","kind":{"group":"policy.linkerd.io","version":"v1beta3","kind":"Server"},"resource":{"group":"policy.linkerd.io","version":"v1beta3","resource":"servers"},"name":"web","namespace":"default","operation":"CREATE","userInfo":{},"object":{"apiVersion":"policy.linkerd.io/v1beta3","kind":"Server","metadata":{"name":"web","namespace":"default"},"spec":{"podSelector":{"matchLabels":{"app":"web"}},"port":8080}}}}"#
                .utf8
        )
    }()

    /// The uid of `review`.
    static let reviewUID: String = (try? AdmissionReview.parse(review).request.uid) ?? "8bca32f4-5953-55fc-8b9a-d8b949494ea2"

    /// `POST /validate` with a Content-Length body.
    static func post(_ body: [UInt8], path: String = "/validate?timeout=10s", extraHeaders: String = "") -> [UInt8] {
        Array("POST \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\(extraHeaders)Content-Length: \(body.count)\r\n\r\n".utf8)
            + body
    }
}
