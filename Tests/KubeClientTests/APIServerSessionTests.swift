import KubeClient
import PolicyAPI
import Testing

/// The session's kept-alive connection: reuse, and the one retry when the server closed it while idle.
@Suite struct APIServerSessionTests {
    private static func session(port: Int) throws -> APIServerSession {
        let configuration = CacheHarness.configuration(port: port).apiServer
        return try APIServerClient(configuration: configuration).makeSession(stop: StopSignal())
    }

    @Test func reusedConnectionClosedBeforeAnswerIsRetriedOnANewConnection() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let session = try Self.session(port: server.port)
        _ = try session.get(ResourceKind.pods.path)
        server.state.withLock { $0.dropNextReusedRequest = true }

        let body = try session.get(ResourceKind.pods.path)

        #expect(try JSONDecoding.decode(body)["kind"]?.stringValue == "PodList")
        // The dropped request is never handled, so the server recorded the first request and the retry only.
        #expect(server.state.withLock { $0.dropNextReusedRequest } == false)
        #expect(server.state.withLock { $0.requests.count } == 2)
    }

    @Test func closedBeforeAnswerIsMatchedByKindNotByText() {
        #expect(KubeClientError.closedBeforeAnswer().isClosedBeforeAnswer)
        #expect(!KubeClientError.connection("the server closed the connection before answering").isClosedBeforeAnswer)
        #expect(KubeClientError.closedBeforeAnswer() != .connection(""))
        #expect(KubeClientError.closedBeforeAnswer().isRetryable)
    }
}
