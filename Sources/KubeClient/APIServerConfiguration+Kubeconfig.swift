import Yams

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Out-of-cluster configuration from a kubeconfig file.
extension APIServerConfiguration {
    /// Reads `path` and builds the configuration of its current context (or `context`).
    ///
    /// Supported: CA file or data, `insecure-skip-tls-verify`, `tls-server-name`, client certificate and key as
    /// files or inline data, `token`, `tokenFile`, and `exec` credential plugins (`client.authentication.k8s.io`
    /// v1 and v1beta1). Relative file names resolve against the kubeconfig's directory, as kubectl does, and so
    /// does an exec command with a slash in it. Auth providers, basic auth and proxies are not supported and fail
    /// with a message naming the user or cluster.
    package static func kubeconfig(path: String, context: String? = nil) throws(KubeClientError) -> Self {
        let bytes = try LocalFile.read(path)
        let directory = path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) : "."
        let config: Kubeconfig
        do {
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw KubeClientError.configuration("\(path) is not UTF-8")
            }
            let roots = try YAMLDocuments.roots(in: text)
            guard roots.count == 1, let root = roots.first else {
                throw KubeClientError.configuration("\(path) holds \(roots.count) YAML documents; a kubeconfig is one")
            }
            config = try YAMLDecoder().decode(Kubeconfig.self, from: root)
        } catch let error as KubeClientError {
            throw error
        } catch let refusal as YAMLDocuments.Refusal {
            throw .configuration("\(path): \(refusal)")
        } catch {
            throw .configuration("\(path) is not a kubeconfig: \(error)")
        }
        return try Self(kubeconfig: config, context: context, directory: directory.isEmpty ? "/" : directory)
    }

    /// Builds the configuration of one context of a parsed kubeconfig.
    package init(kubeconfig config: Kubeconfig, context: String? = nil, directory: String) throws(KubeClientError) {
        guard let contextName = context ?? config.currentContext, !contextName.isEmpty else {
            throw .configuration("the kubeconfig has no current-context")
        }
        guard let namedContext = config.contexts?.first(where: { $0.name == contextName }) else {
            throw .configuration("the kubeconfig has no context \"\(contextName)\"")
        }
        guard let cluster = config.clusters?.first(where: { $0.name == namedContext.context.cluster })?.cluster else {
            throw .configuration("the kubeconfig has no cluster \"\(namedContext.context.cluster)\"")
        }
        if cluster.proxyURL != nil {
            throw .configuration("cluster \"\(namedContext.context.cluster)\" uses proxy-url, which is not supported")
        }
        let (host, port, pathPrefix) = try Self.parseServerURL(cluster.server)
        self.init(host: host, port: port, pathPrefix: pathPrefix)
        self.tlsServerName = cluster.tlsServerName
        self.isInsecureSkipTLSVerify = cluster.insecureSkipTLSVerify ?? false
        self.namespace = namedContext.context.namespace
        self.certificateAuthorityPEM = try Self.material(
            data: cluster.certificateAuthorityData, file: cluster.certificateAuthority, directory: directory,
            what: "certificate-authority")

        guard let userName = namedContext.context.user else { return }
        guard let user = config.users?.first(where: { $0.name == userName })?.user else {
            throw .configuration("the kubeconfig has no user \"\(userName)\"")
        }
        if user.hasAuthProvider {
            throw .unsupportedAuthentication(
                "user \"\(userName)\" authenticates with an auth-provider, which kubectl no longer supports and "
                    + "this webhook does not run; use an exec plugin (such as kubelogin or the cloud's CLI), a token, "
                    + "a token file or a client certificate")
        }
        if user.username != nil && user.token == nil && user.clientCertificate == nil
            && user.clientCertificateData == nil && user.exec == nil
        {
            throw .unsupportedAuthentication("user \"\(userName)\" uses basic authentication, which is not supported")
        }
        if let exec = user.exec {
            let others = [
                ("token", user.token), ("tokenFile", user.tokenFile), ("client-certificate", user.clientCertificate),
                ("client-certificate-data", user.clientCertificateData), ("client-key", user.clientKey),
                ("client-key-data", user.clientKeyData),
            ].filter { !($0.1 ?? "").isEmpty }.map(\.0)
            if !others.isEmpty {
                throw .configuration(
                    "user \"\(userName)\" sets exec together with \(others.joined(separator: ", ")); "
                        + "the exec plugin must be its only credential")
            }
            let execConfig = cluster.extensions?.first { $0.name == "client.authentication.k8s.io/exec" }?.extension
            self.execPlugin = try ExecPluginConfiguration(
                user: userName, stanza: exec, directory: directory,
                cluster: ExecCredential.Cluster(
                    server: cluster.server, tlsServerName: cluster.tlsServerName,
                    insecureSkipTLSVerify: self.isInsecureSkipTLSVerify,
                    certificateAuthorityData: self.certificateAuthorityPEM, config: execConfig))
            return
        }
        self.clientCertificatePEM = try Self.material(
            data: user.clientCertificateData, file: user.clientCertificate, directory: directory,
            what: "client-certificate")
        self.clientKeyPEM = try Self.material(
            data: user.clientKeyData, file: user.clientKey, directory: directory, what: "client-key")
        if (self.clientCertificatePEM == nil) != (self.clientKeyPEM == nil) {
            throw .configuration("user \"\(userName)\" has a client certificate without a key, or a key without one")
        }
        if let token = user.token, !token.isEmpty {
            self.bearerToken = .inline(token)
        } else if let tokenFile = user.tokenFile, !tokenFile.isEmpty {
            self.bearerToken = .file(Self.resolve(tokenFile, directory: directory))
        }
    }

    /// Inline base64 data wins over a file, as in client-go.
    private static func material(
        data: String?, file: String?, directory: String, what: String
    ) throws(KubeClientError) -> [UInt8]? {
        if let data, !data.isEmpty {
            guard let decoded = Data(base64Encoded: data, options: .ignoreUnknownCharacters) else {
                throw .configuration("\(what)-data is not base64")
            }
            return Array(decoded)
        }
        if let file, !file.isEmpty {
            return try LocalFile.read(Self.resolve(file, directory: directory))
        }
        return nil
    }

    /// A kubeconfig path relative to the kubeconfig's directory.
    private static func resolve(_ path: String, directory: String) -> String {
        path.hasPrefix("/") ? path : directory + "/" + path
    }
}
