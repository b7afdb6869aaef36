import Foundation
import NetIO
import Testing
import TestSupport

/// `--max-connections`: past the cap, new connections are closed at once and counted, and service resumes when
/// connections go away.
@Suite(.serialized, .timeLimit(.minutes(1))) struct ConnectionLimitLiveTests {
    @Test func connectionsPastTheCapAreRefusedAndCounted() async throws {
        let live = try LiveServer(maxConnections: 4)
        var held: [BlockingClient] = []
        var refused = 0
        for _ in 0..<8 {
            do {
                let client = try live.client(timeout: .seconds(2))
                try client.send(Requests.post(Requests.review))
                _ = try client.readResponse()
                held.append(client)
            } catch {
                refused += 1
            }
        }
        #expect(held.count >= 1 && held.count <= 4)
        #expect(refused == 8 - held.count)
        let admin = try live.adminClient()
        try admin.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        let metrics = String(decoding: try admin.readResponse().body, as: UTF8.self)
        #expect(metrics.contains("linkerd_policy_webhook_refused_connections_total \(refused)"))
        held.removeAll()
        // The held clients are closed: a new connection is served again once the loops notice.
        var servedAgain = false
        for _ in 0..<20 where !servedAgain {
            if let client = try? live.client(timeout: .seconds(2)) {
                try client.send(Requests.post(Requests.review))
                servedAgain = (try? client.readResponse().status) == 200
            }
            if !servedAgain { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(servedAgain)
        try await live.stop()
    }
}
