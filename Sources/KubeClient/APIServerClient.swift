import NetIO

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What every connection to one API server shares: its configuration, TLS context and credentials.
///
/// Requests are made through an `APIServerSession`, one per long-lived stream thread, which keeps its connection
/// alive between the pages of a LIST and the WATCH that follows.
package final class APIServerClient: Sendable {
    /// What one request presents to the API server, wherever it comes from.
    package struct Credentials: Sendable {
        /// Sent as `Authorization: Bearer`; nil when the user has no token (a client certificate, or none).
        package var bearerToken: String?
        /// The context the request's connection must be made with: the static one, or the one presenting an exec
        /// plugin's client certificate.
        package var tls: TLSContext
        /// The exec plugin run the credential came from, so that a 401 forgets exactly that one.
        package var execGeneration: Int?
    }

    package let configuration: APIServerConfiguration
    let tls: TLSContext
    let token: BearerTokenProvider?
    /// The exec credential plugin, when the user has one; it supplies the token or the client certificate.
    package let exec: ExecCredentialProvider?

    /// Loads the TLS material now, so a bad certificate or key fails at startup, not at the first request.
    ///
    /// A token file is read now; an exec plugin's command is looked up now but the plugin first runs at the first
    /// request, on the thread making it (a reflector's, or the command's main thread), never here: the caller may
    /// be a Swift concurrency task, where blocking on a process is not allowed.
    package init(
        configuration: APIServerConfiguration, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(KubeClientError) {
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
        if let plugin = configuration.execPlugin {
            let certificateAuthorityPEM = configuration.certificateAuthorityPEM
            let verifiesPeer = !configuration.isInsecureSkipTLSVerify
            self.exec = try ExecCredentialProvider(
                configuration: plugin, environment: environment,
                makeTLS: { certificatePEM, keyPEM throws(KubeClientError) in
                    do throws(TLSError) {
                        return try TLSContext(
                            clientTrustingPEM: certificateAuthorityPEM, verifiesPeer: verifiesPeer,
                            certificatePEM: certificatePEM, keyPEM: keyPEM)
                    } catch {
                        throw .tls(error.reason)
                    }
                })
        } else {
            self.exec = nil
        }
    }

    /// A new session (no connection yet) whose blocking calls give up when `stop` is raised.
    package func makeSession(stop: StopSignal) -> APIServerSession {
        APIServerSession(client: self, stop: stop)
    }

    /// The credentials for the next request: the token file's current token, or the exec plugin's current
    /// credential (which may run the plugin: blocking, until it ends or `stop` is raised).
    package func credentials(stop: StopSignal? = nil) throws(KubeClientError) -> Credentials {
        if let exec = self.exec {
            let issued = try exec.current(stop: stop)
            return Credentials(
                bearerToken: issued.bearerToken, tls: issued.tls ?? self.tls, execGeneration: issued.generation)
        }
        return Credentials(bearerToken: try self.token?.token(), tls: self.tls, execGeneration: nil)
    }

    /// The API server answered 401 to a request made with `credentials`: forgets them. True when the request is
    /// worth sending once more at once (an exec plugin can be asked for a new credential); a token file is read
    /// again at the next request, which the caller's retry policy schedules.
    package func rejected(_ credentials: Credentials) -> Bool {
        if let exec = self.exec, let generation = credentials.execGeneration {
            exec.invalidate(generation: generation)
            return true
        }
        self.token?.invalidate()
        return false
    }

    /// The bytes of a GET request for `target` (path and query, without the server's path prefix).
    func requestBytes(target: String, bearerToken: String?) -> [UInt8] {
        var request = "GET \(self.configuration.pathPrefix)\(target) HTTP/1.1\r\n"
        request += "Host: \(self.configuration.hostHeader)\r\n"
        request += "User-Agent: \(self.configuration.userAgent)\r\n"
        request += "Accept: application/json\r\n"
        if let bearerToken {
            request += "Authorization: Bearer \(bearerToken)\r\n"
        }
        request += "\r\n"
        return Array(request.utf8)
    }
}
