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
        // The cap is the listener's, whichever of the two loops the kernel hands each connection to.
        #expect(held.count == 4)
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

/// `--max-buffered-bytes`: the bytes all connections hold for requests still being read are bounded together.
@Suite(.serialized, .timeLimit(.minutes(1))) struct BufferBudgetLiveTests {
    @Test func uploadsPastTheSharedBudgetAreClosedAndOthersStillServed() async throws {
        // The budget counts what the input buffers have allocated: 100 KiB read in TLS records of 16 KiB grows a
        // buffer to about 128 KiB. Three such uploads (about 384 KiB) pass 320 KiB; two and a small review fit.
        let live = try LiveServer(maxBodyBytes: 1 << 20, maxBufferedBytes: 320 * 1024)
        // Three slow uploads each announce 200 KiB and send 100 KiB.
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 100 * 1024)
        var uploads: [BlockingClient] = []
        for _ in 0..<3 {
            let client = try live.client(timeout: .seconds(1))
            try client.send(Array("POST /validate HTTP/1.1\r\nHost: x\r\nContent-Length: \(200 * 1024)\r\n\r\n".utf8) + chunk)
            uploads.append(client)
        }
        // Together they pass the budget: the server cuts one as soon as it has read enough of them.
        try await waitUntil { live.server.metrics.bufferBudgetClosures.value() >= 1 }
        let closed = uploads.filter { $0.isClosedByPeer() }.count
        #expect(closed >= 1, "one upload must be cut to stay within 320 KiB")
        // A normal review is still answered while the other uploads hold their share.
        let client = try live.client()
        try client.send(Requests.post(Requests.review))
        #expect(try client.readResponse().status == 200)
        let admin = try live.adminClient()
        try admin.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        let metrics = String(decoding: try admin.readResponse().body, as: UTF8.self)
        #expect(metrics.contains("linkerd_policy_webhook_buffer_budget_exceeded_total \(closed)"))
        uploads.removeAll()
        try await live.stop()
    }

    @Test func idleKeepAliveConnectionsGiveTheirBuffersBackToTheBudget() async throws {
        // A review of about 24 KiB leaves its connection an input buffer of about 32 KiB, which the parser keeps
        // between requests (it frees only larger ones). Three of them held at once pass 80 KiB: a connection at
        // rest must give its share back (the sweep trims it) for each review to be answered on its own connection.
        let live = try LiveServer(maxBodyBytes: 64 * 1024, maxBufferedBytes: 80 * 1024)
        let padded = Requests.review + [UInt8](repeating: UInt8(ascii: " "), count: 20 * 1024)
        var idle: [BlockingClient] = []
        for _ in 0..<4 {
            let client = try live.client()
            try client.send(Requests.post(padded))
            #expect(try client.readResponse().status == 200)
            idle.append(client)
            try await waitUntil { live.server.webhookBufferedBytes == 0 }
        }
        #expect(live.server.metrics.bufferBudgetClosures.value() == 0)
        idle.removeAll()
        try await live.stop()
    }
}
