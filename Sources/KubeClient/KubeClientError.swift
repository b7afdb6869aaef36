import HTTP1Codec
import NetIO

/// Why talking to the Kubernetes API server failed: configuration, TLS, transport, protocol or an HTTP status.
///
/// One struct for the target (STYLE §4): a private code, static constructors that capture the location, equality
/// by code, and a one-line `description` with reason and location. Reflectors branch on `httpStatus` (410, 404)
/// and `isRetryable`, never on the text.
package struct KubeClientError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What kind of failure this is; equality compares only this.
    private enum Code: Hashable, Sendable {
        case configuration
        case unsupportedAuthentication
        case execPlugin
        case tls
        case connection
        case closedBeforeAnswer
        case timeout
        case malformedResponse
        case oversized
        case httpStatus(Int)
        case watchError(Int)
        case cancelled
    }

    private let code: Code
    /// What went wrong, in words an operator can act on.
    package let reason: String
    /// Where the error was raised, `file:line`.
    private let location: String

    private init(_ code: Code, _ reason: String, file: String, line: Int) {
        (self.code, self.reason, self.location) = (code, reason, "\(file):\(line)")
    }

    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    package func hash(into hasher: inout Hasher) { hasher.combine(self.code) }

    package var description: String { "KubeClientError.\(self.code): \(self.reason) (\(self.location))" }

    // MARK: - Constructors

    /// The kubeconfig, the in-cluster environment or a file it names is unusable.
    package static func configuration(_ reason: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.configuration, reason, file: file, line: line)
    }

    /// The kubeconfig asks for an authentication method this client does not implement (auth-provider, basic).
    package static func unsupportedAuthentication(_ reason: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.unsupportedAuthentication, reason, file: file, line: line)
    }

    /// An exec credential plugin could not be run, failed, timed out, or returned an unusable ExecCredential.
    package static func execPlugin(_ reason: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.execPlugin, reason, file: file, line: line)
    }

    /// OpenSSL refused a certificate, a key or the handshake.
    package static func tls(_ reason: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.tls, reason, file: file, line: line)
    }

    /// The TCP connection could not be made or broke.
    package static func connection(_ reason: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.connection, reason, file: file, line: line)
    }

    /// A kept-alive connection was closed by the server before it sent any byte of the answer (it timed the
    /// connection out while idle); the request can be sent again on a new connection.
    package static func closedBeforeAnswer(file: String = #fileID, line: Int = #line) -> Self {
        Self(.closedBeforeAnswer, "the server closed the connection before answering", file: file, line: line)
    }

    /// Connecting, or waiting for the next byte, took longer than allowed.
    package static func timeout(_ reason: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.timeout, reason, file: file, line: line)
    }

    /// The server's bytes are not HTTP/1.1 or not the JSON the API promises.
    package static func malformedResponse(_ reason: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.malformedResponse, reason, file: file, line: line)
    }

    /// A header, a line, a body or a watch event exceeds its configured bound.
    package static func oversized(_ reason: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.oversized, reason, file: file, line: line)
    }

    /// The response's bytes broke HTTP/1.1 or one of the parser's bounds, classified by the parser's error kind.
    package static func response(_ error: HTTPParseError, file: String = #fileID, line: Int = #line) -> Self {
        error.isOversized
            ? Self(.oversized, error.reason, file: file, line: line)
            : Self(.malformedResponse, error.reason, file: file, line: line)
    }

    /// A transport failure from NetIO's `ClientConnection`, classified by its kind: TLS, a passed deadline
    /// (`ETIMEDOUT`), cancellation (`ECANCELED`), or the connection itself; `activity` says what was under way.
    package static func transport(_ error: any Error, while activity: String, file: String = #fileID, line: Int = #line) -> Self {
        switch error {
        case let tls as TLSError:
            return Self(.tls, "\(activity): \(tls.reason)", file: file, line: line)
        case let system as SystemCallError where system.isCancellation:
            return Self(.cancelled, "stopped for shutdown", file: file, line: line)
        case let system as SystemCallError where system.isTimeout:
            return Self(.timeout, "\(activity) timed out", file: file, line: line)
        default:
            return Self(.connection, "\(activity): \(error)", file: file, line: line)
        }
    }

    /// The server answered with a non-2xx status.
    package static func httpStatus(_ status: Int, _ reason: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.httpStatus(status), reason, file: file, line: line)
    }

    /// The watch stream carried an ERROR event whose Status has this code (410 when the version is too old).
    package static func watchError(_ status: Int, _ reason: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.watchError(status), reason, file: file, line: line)
    }

    /// The operation stopped because the service is shutting down.
    package static func cancelled(file: String = #fileID, line: Int = #line) -> Self {
        Self(.cancelled, "stopped for shutdown", file: file, line: line)
    }

    // MARK: - Classification

    /// The HTTP status (or the watch ERROR Status code) this error carries, if any.
    package var httpStatus: Int? {
        switch self.code {
        case .httpStatus(let status), .watchError(let status): return status
        default: return nil
        }
    }

    /// True for 410 Gone: the resourceVersion or continue token expired; the reflector must list again.
    package var isGone: Bool { self.httpStatus == 410 }

    /// True when a kept-alive connection was found closed before the request got any answer.
    package var isClosedBeforeAnswer: Bool { self.code == .closedBeforeAnswer }

    /// True when the service is stopping.
    package var isCancelled: Bool { self.code == .cancelled }

    /// True when OpenSSL refused a certificate, a key or the handshake.
    package var isTLS: Bool { self.code == .tls }

    /// True when an exec credential plugin failed (its reason names the plugin, the user and the cause).
    package var isExecPlugin: Bool { self.code == .execPlugin }

    /// True when the TCP connection could not be made (name resolution included) or broke, or timed out.
    package var isTransport: Bool {
        switch self.code {
        case .connection, .closedBeforeAnswer, .timeout: return true
        default: return false
        }
    }

    /// True for failures a retry may fix (transport, timeouts, 5xx, 429, 404 while a CRD is missing, a failed exec
    /// plugin: its identity provider may be back).
    package var isRetryable: Bool {
        switch self.code {
        case .configuration, .unsupportedAuthentication, .cancelled: return false
        default: return true
        }
    }
}
