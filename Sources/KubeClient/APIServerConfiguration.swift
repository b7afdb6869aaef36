/// Where the API server is and how to authenticate to it: built from a kubeconfig or the in-cluster environment.
///
/// A user authenticates with a bearer token (inline or a file), a client certificate, or an exec credential plugin
/// (`execPlugin`). Auth-provider entries and basic authentication are out of scope: loading a kubeconfig whose user
/// needs one fails with `KubeClientError.unsupportedAuthentication` naming the user, rather than connecting
/// anonymously.
package struct APIServerConfiguration: Sendable {
    /// The default `User-Agent` product token; the command may set its own version.
    package static let defaultUserAgent = "linkerd-policy-webhook/0.1.0"

    /// The server host: a DNS name or an IP literal (IPv6 without brackets).
    package var host: String
    package var port: Int
    /// A path prefix from the server URL (`https://host/prefix`), "" when none.
    package var pathPrefix: String
    /// The name to send as SNI and to verify instead of `host` (kubeconfig `tls-server-name`).
    package var tlsServerName: String?
    /// PEM certificates to trust; nil means the system trust store.
    package var certificateAuthorityPEM: [UInt8]?
    /// Skips server certificate verification (kubeconfig `insecure-skip-tls-verify`); never in-cluster.
    package var isInsecureSkipTLSVerify: Bool
    /// Bearer token, if any.
    package var bearerToken: BearerTokenProvider.Source?
    /// Client certificate (chain) and private key in PEM, if the user authenticates with one.
    package var clientCertificatePEM: [UInt8]?
    package var clientKeyPEM: [UInt8]?
    /// The exec credential plugin that supplies a token or a client certificate, run when a request needs one.
    package var execPlugin: ExecPluginConfiguration?
    /// The default namespace of the context (informational; the cache watches all namespaces).
    package var namespace: String?
    package var userAgent: String
    /// How long a TCP connect plus TLS handshake may take.
    package var connectTimeout: Duration
    /// How long a LIST (or any non-watch request) may stay silent before the connection is dropped.
    package var readIdleTimeout: Duration
    /// The largest non-watch response body accepted (a LIST page of 500 pods is a few MiB).
    package var maximumBodySize: Int

    package init(
        host: String, port: Int = 443, pathPrefix: String = "", tlsServerName: String? = nil,
        certificateAuthorityPEM: [UInt8]? = nil, isInsecureSkipTLSVerify: Bool = false,
        bearerToken: BearerTokenProvider.Source? = nil, clientCertificatePEM: [UInt8]? = nil,
        clientKeyPEM: [UInt8]? = nil, execPlugin: ExecPluginConfiguration? = nil, namespace: String? = nil,
        userAgent: String = Self.defaultUserAgent,
        connectTimeout: Duration = .seconds(10), readIdleTimeout: Duration = .seconds(30),
        maximumBodySize: Int = 256 << 20
    ) {
        self.host = host
        self.port = port
        self.pathPrefix = pathPrefix
        self.tlsServerName = tlsServerName
        self.certificateAuthorityPEM = certificateAuthorityPEM
        self.isInsecureSkipTLSVerify = isInsecureSkipTLSVerify
        self.bearerToken = bearerToken
        self.clientCertificatePEM = clientCertificatePEM
        self.clientKeyPEM = clientKeyPEM
        self.execPlugin = execPlugin
        self.namespace = namespace
        self.userAgent = userAgent
        self.connectTimeout = connectTimeout
        self.readIdleTimeout = readIdleTimeout
        self.maximumBodySize = maximumBodySize
    }

    /// The `Host` header value: host and port, IPv6 literals in brackets.
    var hostHeader: String {
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        return self.port == 443 ? host : "\(host):\(self.port)"
    }

    /// Splits a server URL (`https://host[:port][/prefix]`) into host, port and path prefix.
    package static func parseServerURL(
        _ url: String
    ) throws(KubeClientError) -> (host: String, port: Int, pathPrefix: String) {
        guard url.hasPrefix("https://") else {
            throw .configuration("the server URL \"\(url)\" must start with https:// (plain HTTP is not supported)")
        }
        var rest = Substring(url.dropFirst("https://".count))
        var pathPrefix = ""
        if let slash = rest.firstIndex(of: "/") {
            pathPrefix = String(rest[slash...])
            rest = rest[..<slash]
            while pathPrefix.hasSuffix("/") { pathPrefix.removeLast() }
        }
        var host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw .configuration("bad IPv6 host in \"\(url)\"") }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty {
                throw .configuration("bad host in \"\(url)\"")
            }
        } else if let colon = rest.firstIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            host = rest
        }
        guard !host.isEmpty else { throw .configuration("no host in the server URL \"\(url)\"") }
        var port = 443
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number) else {
                throw .configuration("bad port in the server URL \"\(url)\"")
            }
            port = number
        }
        return (String(host), port, pathPrefix)
    }
}
