import NetIO
import Testing

/// The whole-request deadline over real TLS: a client trickling its request cannot hold a connection slot past
/// `ConnectionTimeouts.request`, so a trickle attack on every slot delays new clients by one deadline at most.
struct RequestDeadlineLiveTests {
    /// One loop (so `maxConnections` is one budget), a 1 s request deadline, and head and progress timeouts far
    /// beyond it: only the request deadline can answer.
    static func server() throws -> LiveServer {
        try LiveServer(
            timeouts: ConnectionTimeouts(head: .seconds(60), bodyProgress: .seconds(60), request: .seconds(1)),
            maxConnections: 6, eventLoops: 1
        )
    }

    /// A connection that sent a whole head and one body byte of the 1,000 it announced.
    static func trickler(_ live: LiveServer) throws -> BlockingClient {
        let client = try live.client(timeout: .seconds(30))
        try client.send("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
        return client
    }

    @Test func aTricklingRequestIsAnswered408AtTheDeadlineAndClosed() async throws {
        let live = try Self.server()
        let client = try Self.trickler(live)
        let response = try client.readResponse()
        #expect(response.status == 408)
        #expect(response.headers["Connection"] == "close")
        #expect(client.isClosedByPeer())
        let admin = try live.adminClient()
        try admin.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try admin.readResponse().text.contains("linkerd_policy_webhook_request_timeouts_total 1\n"))
        try await live.stop()
    }

    @Test func tricklersOnEverySlotAreShedAndNewClientsAreServedAgain() async throws {
        let live = try Self.server()
        let tricklers = try (0..<6).map { _ in try Self.trickler(live) }
        // Every slot is held: a seventh connection is closed at once, before any answer.
        #expect(throws: (any Error).self) {
            let refused = try live.client(timeout: .seconds(30))
            try refused.send(Requests.post(Requests.smallReview))
            _ = try refused.readResponse()
        }
        // Each trickler is answered at its deadline, then the slots come free.
        for trickler in tricklers { #expect(try trickler.readResponse().status == 408) }
        for trickler in tricklers { #expect(trickler.isClosedByPeer()) }
        // A connection the loop accepted before it saw the tricklers' closes may still be refused: try again.
        try await waitUntil(.seconds(30)) {
            guard let client = try? live.client() else { return false }
            try? client.send(Requests.post(Requests.smallReview))
            return (try? client.readResponse().status) == 200
        }
        try await live.stop()
    }
}
