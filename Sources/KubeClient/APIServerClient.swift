import NetIO

/// What every connection to one API server shares: its configuration, TLS context and credentials.
///
/// Requests are made through an `APIServerSession`, one per long-lived stream thread, which keeps its connection
/// alive between the pages of a LIST and the WATCH that follows.
package final class APIServerClient: Sendable {
    package let configuration: APIServerConfiguration
    let tls: TLSContext
    let token: BearerTokenProvider?

    /// Loads the TLS material now, so a bad certificate or key fails at startup, not at the first request.
    package init(configuration: APIServerConfiguration) throws(KubeClientError) {
        self.configuration = configuration
        do throws(TLSError) {
            self.tls = try TLSContext(
                clientTrustingPEM: configuration.certificateAuthorityPEM,
                verifiesPeer: !configuration.isInsecureSkipTLSVerify,
                certificatePEM: configuration.clientCertificatePEM, keyPEM: configuration.clientKeyPEM)
        } catch {
            throw .tls(error.reason)
        }
        self.token = configuration.bearerToken.map(BearerTokenProvider.init(source:))
        if let token = self.token { _ = try token.token() }
    }

    /// A new session (no connection yet) whose blocking calls give up when `stop` is raised.
    package func makeSession(stop: StopSignal) -> APIServerSession {
        APIServerSession(client: self, stop: stop)
    }

    /// The bytes of a GET request for `target` (path and query, without the server's path prefix).
    func requestBytes(target: String) throws(KubeClientError) -> [UInt8] {
        var request = "GET \(self.configuration.pathPrefix)\(target) HTTP/1.1\r\n"
        request += "Host: \(self.configuration.hostHeader)\r\n"
        request += "User-Agent: \(self.configuration.userAgent)\r\n"
        request += "Accept: application/json\r\n"
        if let token = try self.token?.token() {
            request += "Authorization: Bearer \(token)\r\n"
        }
        request += "\r\n"
        return Array(request.utf8)
    }
}
