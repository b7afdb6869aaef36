import Foundation
import NetIO
import Testing
import WebhookRuntime

/// End-to-end tests over real TLS on loopback: one server per test, run one at a time.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct WebhookServerLiveTests {
    @Test func validReviewIsAnsweredWithItsUIDOnAReusedConnection() async throws {
        let live = try LiveServer()
        let client = try live.client()
        #expect(client.session?.negotiatedALPN == "http/1.1")
        for _ in 0..<3 {
            try client.send(Requests.post(Requests.review))
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.headers["Content-Type"] == "application/json")
            #expect(response.text.contains(#""uid":"\#(Requests.reviewUID)""#))
            #expect(response.text.contains(#""allowed":true"#))
        }
        let metrics = try live.adminClient()
        try metrics.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        let text = try metrics.readResponse().text
        #expect(text.contains(#"linkerd_policy_webhook_admission_requests_total{kind="Server",operation="CREATE",decision="allow"} 3"#))
        #expect(text.contains("linkerd_policy_webhook_connections_total 1\n"))
        try await live.stop()
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        let live = try LiveServer()
        let client = try live.client()
        try client.send(
            Requests.post(Requests.review) + Array("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n".utf8) + Requests.post(Array("{}".utf8))
        )
        #expect(try client.readResponse().status == 200)
        #expect(try client.readResponse().status == 404)
        #expect(try client.readResponse().status == 400)
        try await live.stop()
    }

    @Test func expectContinueGetsAnInterimResponse() async throws {
        let live = try LiveServer()
        let client = try live.client()
        let request = Requests.post(Requests.review, extraHeaders: "Expect: 100-continue\r\n")
        let headLength = request.count - Requests.review.count
        try client.send(Array(request[0..<headLength]))
        #expect(try client.readResponse().status == 100)
        try client.send(Requests.review)
        #expect(try client.readResponse().status == 200)
        try await live.stop()
    }

    @Test(arguments: [
        ("GET /validate HTTP/1.1\r\nHost: x\r\n\r\n", 405, false),
        ("POST /other HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 404, false),
        ("POST /validate HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nnope", 400, false),
        ("GET /validate HTTP/1.1\r\nX-Big: \(String(repeating: "a", count: 17_000))\r\n\r\n", 431, true),
        ("POST /validate HTTP/1.1\r\nHost: x\r\nContent-Length: 2048\r\n\r\n", 413, true),
        ("NOT HTTP AT ALL\r\n\r\n", 400, true),
    ])
    func errorPathsAnswerWithTheirStatus(_ request: String, _ status: Int, _ isClosing: Bool) async throws {
        let live = try LiveServer(maxBodyBytes: 1024)
        let client = try live.client()
        try client.send(request)
        let response = try client.readResponse()
        #expect(response.status == status)
        #expect((response.headers["Connection"] == "close") == isClosing)
        if isClosing {
            #expect(client.isClosedByPeer())
        } else {
            try client.send(Requests.post(Requests.smallReview))
            #expect(try client.readResponse().status == 200)
        }
        try await live.stop()
    }

    @Test func tls11IsRefusedAndCounted() async throws {
        let live = try LiveServer()
        let old = try TLSContext(clientTrusting: live.certs.caPath, minimumVersion: 0x0301, maximumVersion: 0x0302)
        #expect(throws: (any Error).self) {
            _ = try BlockingClient(connectingTo: live.addresses.webhook, tls: old, serverName: "localhost", timeout: .seconds(5))
        }
        try await waitUntil { live.server.metrics.tlsHandshakeFailures.value() >= 1 }
        #expect(live.server.metrics.tlsHandshakeFailures.value() == 1)
        try await live.stop()
    }

    @Test func clientCertificateIsRequiredWithClientCA() async throws {
        let live = try LiveServer(requireClientCertificate: true)
        let anonymous = try live.client()
        try? anonymous.send(Requests.post(Requests.review))
        #expect(throws: (any Error).self) { _ = try anonymous.readResponse() }
        let context = try TLSContext(
            clientTrusting: live.certs.caPath,
            certificatePath: live.certs.clientCertificatePath,
            keyPath: live.certs.clientKeyPath
        )
        let authenticated = try BlockingClient(connectingTo: live.addresses.webhook, tls: context, serverName: "localhost")
        try authenticated.send(Requests.post(Requests.review))
        #expect(try authenticated.readResponse().status == 200)
        try await live.stop()
    }

    @Test func slowHeadIsAnswered408AndClosedAtTheHeadTimeout() async throws {
        let live = try LiveServer(timeouts: ConnectionTimeouts(head: .milliseconds(500), bodyProgress: .milliseconds(500)))
        // The client gives up after 20 s: a close seen before that is the server's, at its 0.5 s head timeout.
        let client = try live.client(timeout: .seconds(20))
        try client.send("POST /validate HTTP/1.1\r\nHost:")
        #expect(try client.readResponse().status == 408)
        #expect(client.isClosedByPeer())
        try await live.stop()
    }

    @Test func probesAnswerOnTheAdminListener() async throws {
        let live = try LiveServer()
        let admin = try live.adminClient()
        try admin.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /readyz HTTP/1.1\r\nHost: x\r\n\r\nPOST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        #expect(try admin.readResponse().status == 200)
        #expect(try admin.readResponse().text == "ready\n")
        #expect(try admin.readResponse().status == 405)
        try await live.stop()
    }

    @Test func adminRoutesAnswerHEADWithTheHeadOnlyAndReadASmallBodyOnGET() async throws {
        let live = try LiveServer()
        let admin = try live.adminClient()
        try admin.sendHEAD("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        try admin.send("GET /readyz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
        let head = try admin.readResponse()
        #expect(head.status == 200)
        #expect(head.headers["content-length"] == "3")
        #expect(head.body.isEmpty)
        // Had the HEAD answer carried its body, these bytes would start with it and fail to parse.
        let next = try admin.readResponse()
        #expect(next.status == 200)
        #expect(next.text == "ready\n")
        try admin.send("DELETE /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        let refused = try admin.readResponse()
        #expect(refused.status == 405)
        #expect(refused.headers["allow"] == "GET, HEAD")
        try await live.stop()
    }

    @Test func curlPostsAReview() async throws {
        let live = try LiveServer()
        let bodyPath = NSTemporaryDirectory() + "review-\(UUID().uuidString).json"
        try Data(Requests.review).write(to: URL(fileURLWithPath: bodyPath))
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = [
            "-sS", "--max-time", "10", "--cacert", live.certs.caPath, "-H", "Content-Type: application/json",
            "--data-binary", "@\(bodyPath)", "https://localhost:\(live.addresses.webhook.port)/validate",
        ]
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: data, as: UTF8.self).contains(Requests.reviewUID))
        try await live.stop()
    }
}
