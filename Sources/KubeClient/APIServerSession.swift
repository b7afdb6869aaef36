import HTTP1Codec
import NetIO
import PolicyAPI

/// One thread's conversation with the API server over a kept-alive TLS connection: GETs and watch streams.
///
/// Not shared between threads. A request on a reused connection that fails before any response byte arrives is
/// retried once on a fresh connection (the server may have closed it while idle; GET is idempotent).
package final class APIServerSession {
    private let client: APIServerClient
    private let stop: StopSignal
    private var connection: ClientConnection?
    /// The TLS context `connection` was made with.
    private var connectionContext: TLSContext?
    /// Where TLS records are decrypted into; allocated once per session.
    private let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 8)

    init(client: APIServerClient, stop: StopSignal) {
        self.client = client
        self.stop = stop
    }

    deinit {
        self.connection?.close()
        self.readBuffer.deallocate()
    }

    /// GETs `target` and returns the whole body of a 2xx response.
    ///
    /// - Throws: `KubeClientError.httpStatus` for other statuses (with the Status message), or a transport error.
    package func get(_ target: String) throws(KubeClientError) -> [UInt8] {
        var body: [UInt8] = []
        let limit = self.client.configuration.maximumBodySize
        try self.perform(target, idleTimeout: self.client.configuration.readIdleTimeout) { bytes throws(KubeClientError) in
            body.append(contentsOf: bytes)
            if body.count > limit { throw .oversized("the response body exceeds \(limit) bytes") }
        }
        return body
    }

    /// GETs `target` as a stream, handing each piece of a 2xx body to `onBody` as it arrives; returns at the end of
    /// the response (a watch that reached its `timeoutSeconds`).
    ///
    /// - Parameter idleTimeout: how long the stream may stay silent before it is considered stalled.
    package func stream(
        _ target: String, idleTimeout: Duration, onBody: ([UInt8]) throws(KubeClientError) -> Void
    ) throws(KubeClientError) {
        try self.perform(target, idleTimeout: idleTimeout, onBody: onBody)
    }

    /// Drops the kept-alive connection (after an error leaves it in an unknown state).
    package func reset() {
        self.connection?.close()
        self.connection = nil
        self.connectionContext = nil
    }

    // MARK: - Exchange

    /// Sends the request with the current credentials; after a 401, sends it once more if the credentials can be
    /// renewed at once (an exec plugin run), and reports the second 401 if that one is refused too.
    private func perform(
        _ target: String, idleTimeout: Duration, onBody: ([UInt8]) throws(KubeClientError) -> Void
    ) throws(KubeClientError) {
        let credentials = try self.client.credentials(stop: self.stop)
        do {
            try self.attempt(target, credentials: credentials, idleTimeout: idleTimeout, onBody: onBody)
        } catch let failure where failure.httpStatus == 401 {
            guard self.client.rejected(credentials) else { throw failure }
            let renewed = try self.client.credentials(stop: self.stop)
            do {
                try self.attempt(target, credentials: renewed, idleTimeout: idleTimeout, onBody: onBody)
            } catch let second where second.httpStatus == 401 {
                _ = self.client.rejected(renewed)
                throw second
            }
        }
    }

    /// Sends the request and reads the response, retrying once when a reused connection turns out dead.
    private func attempt(
        _ target: String, credentials: APIServerClient.Credentials, idleTimeout: Duration,
        onBody: ([UInt8]) throws(KubeClientError) -> Void
    ) throws(KubeClientError) {
        let request = self.client.requestBytes(target: target, bearerToken: credentials.bearerToken)
        // A connection made with another context presents an older client certificate: make a new one.
        if let context = self.connectionContext, context !== credentials.tls { self.reset() }
        let isReused = self.connection != nil
        do {
            try self.exchange(request, tls: credentials.tls, idleTimeout: idleTimeout, onBody: onBody)
        } catch let failure where isReused && failure.isClosedBeforeAnswer {
            self.reset()
            try self.exchange(request, tls: credentials.tls, idleTimeout: idleTimeout, onBody: onBody)
        }
    }

    /// One request and response on the current (or a new) connection.
    private func exchange(
        _ request: [UInt8], tls: TLSContext, idleTimeout: Duration, onBody: ([UInt8]) throws(KubeClientError) -> Void
    ) throws(KubeClientError) {
        let configuration = self.client.configuration
        let connection: ClientConnection
        if let existing = self.connection {
            connection = existing
        } else {
            let stop = self.stop
            do {
                connection = try ClientConnection.connect(
                    host: configuration.host, port: configuration.port, tls: tls,
                    serverName: configuration.tlsServerName, timeout: configuration.connectTimeout,
                    isCancelled: { stop.isStopped })
            } catch {
                throw KubeClientError.transport(error, while: "connecting to \(configuration.host):\(configuration.port)")
            }
            self.connection = connection
            self.connectionContext = tls
        }
        var decoder = HTTPResponseParser()
        var head: HTTPResponseHead?
        var errorBody: [UInt8] = []
        var receivedAny = false
        do throws(KubeClientError) {
            do {
                try connection.write(request, timeout: configuration.connectTimeout)
            } catch {
                throw KubeClientError.transport(error, while: "writing the request")
            }
            reading: while true {
                let count: Int
                do {
                    count = try connection.read(into: self.readBuffer, idleTimeout: idleTimeout)
                } catch {
                    throw KubeClientError.transport(error, while: "reading the response")
                }
                let events: [HTTPResponseParser.Event]
                do throws(HTTPParseError) {
                    events =
                        count == 0
                        ? try decoder.finish() : try decoder.feed(UnsafeRawBufferPointer(rebasing: self.readBuffer[0..<count]))
                } catch {
                    throw KubeClientError.response(error)
                }
                if count > 0 { receivedAny = true }
                for event in events {
                    switch event {
                    case .head(let responseHead):
                        head = responseHead
                    case .body(let bytes):
                        guard let status = head?.status else { continue }
                        if (200..<300).contains(status) {
                            try onBody(bytes)
                        } else if errorBody.count < 64 * 1024 {
                            errorBody.append(contentsOf: bytes)
                        }
                    case .end:
                        break reading
                    }
                }
                if count == 0 {
                    throw receivedAny
                        ? KubeClientError.connection("the server closed the connection in the middle of a response")
                        : KubeClientError.closedBeforeAnswer()
                }
            }
        } catch {
            self.reset()
            throw error
        }
        guard let head else {
            self.reset()
            throw .malformedResponse("the response ended without a head")
        }
        if head.closesConnection { self.reset() }
        guard (200..<300).contains(head.status) else {
            throw .httpStatus(head.status, "HTTP \(head.status): \(Self.statusMessage(errorBody, head: head))")
        }
    }

    /// The `message` of a Kubernetes Status body, or the HTTP reason phrase.
    private static func statusMessage(_ body: [UInt8], head: HTTPResponseHead) -> String {
        if let status = try? JSONDecoding.decode(body), let message = status["message"]?.stringValue {
            return message
        }
        return head.reason
    }
}
