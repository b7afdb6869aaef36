import PolicyAPI

/// The parts of a kubeconfig file (`apiVersion: v1`, `kind: Config`) this client reads.
///
/// Field names are the kubeconfig's own spellings; `CodingKeys` exist only for the hyphenated ones.
package struct Kubeconfig: Decodable, Sendable {
    /// A `clusters[]` entry.
    package struct NamedCluster: Decodable, Sendable {
        package var name: String
        package var cluster: Cluster
    }

    /// Where a cluster's API server is and how to trust it.
    package struct Cluster: Decodable, Sendable {
        package var server: String
        package var certificateAuthority: String?
        package var certificateAuthorityData: String?
        package var insecureSkipTLSVerify: Bool?
        package var tlsServerName: String?
        package var proxyURL: String?
        /// Named extensions; the one named `client.authentication.k8s.io/exec` is handed to exec plugins.
        package var extensions: [NamedExtension]?

        enum CodingKeys: String, CodingKey {
            case server
            case certificateAuthority = "certificate-authority"
            case certificateAuthorityData = "certificate-authority-data"
            case insecureSkipTLSVerify = "insecure-skip-tls-verify"
            case tlsServerName = "tls-server-name"
            case proxyURL = "proxy-url"
            case extensions
        }
    }

    /// A cluster's `extensions[]` entry: any value under a name.
    package struct NamedExtension: Decodable, Sendable {
        package var name: String
        package var `extension`: JSONValue?

        enum CodingKeys: String, CodingKey {
            case name
            case `extension`
        }

        /// Reads the value leniently: an extension this client has no use for must not make the kubeconfig unusable.
        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.name = try container.decode(String.self, forKey: .name)
            self.extension = try? container.decodeIfPresent(JSONValue.self, forKey: .extension)
        }
    }

    /// A `users[]` entry.
    package struct NamedUser: Decodable, Sendable {
        package var name: String
        package var user: User
    }

    /// How a user authenticates; `auth-provider` is only detected, to refuse it clearly.
    package struct User: Decodable, Sendable {
        package var clientCertificate: String?
        package var clientCertificateData: String?
        package var clientKey: String?
        package var clientKeyData: String?
        package var token: String?
        package var tokenFile: String?
        package var username: String?
        /// The exec credential plugin stanza, checked later by `ExecPluginConfiguration`.
        package var exec: Exec?
        package var hasAuthProvider: Bool

        enum CodingKeys: String, CodingKey {
            case clientCertificate = "client-certificate"
            case clientCertificateData = "client-certificate-data"
            case clientKey = "client-key"
            case clientKeyData = "client-key-data"
            case token
            case tokenFile
            case username
            case exec
            case authProvider = "auth-provider"
        }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.clientCertificate = try container.decodeIfPresent(String.self, forKey: .clientCertificate)
            self.clientCertificateData = try container.decodeIfPresent(String.self, forKey: .clientCertificateData)
            self.clientKey = try container.decodeIfPresent(String.self, forKey: .clientKey)
            self.clientKeyData = try container.decodeIfPresent(String.self, forKey: .clientKeyData)
            self.token = try container.decodeIfPresent(String.self, forKey: .token)
            self.tokenFile = try container.decodeIfPresent(String.self, forKey: .tokenFile)
            self.username = try container.decodeIfPresent(String.self, forKey: .username)
            self.exec = try container.decodeIfPresent(Exec.self, forKey: .exec)
            let authProviderIsNull =
                try container.contains(.authProvider) ? container.decodeNil(forKey: .authProvider) : true
            self.hasAuthProvider = !authProviderIsNull
        }
    }

    /// A user's `exec` stanza (client-go `ExecConfig`): the credential plugin to run and how.
    ///
    /// Every field is optional here so that a missing one is reported by `ExecPluginConfiguration` in words
    /// naming the user, instead of as a decoding error.
    package struct Exec: Decodable, Sendable {
        /// One `env[]` entry.
        package struct EnvironmentVariable: Decodable, Sendable, Hashable {
            package var name: String?
            package var value: String?
        }

        package var apiVersion: String?
        package var command: String?
        package var args: [String]?
        package var env: [EnvironmentVariable]?
        package var installHint: String?
        package var provideClusterInfo: Bool?
        package var interactiveMode: String?
    }

    /// A `contexts[]` entry.
    package struct NamedContext: Decodable, Sendable {
        package var name: String
        package var context: Context
    }

    /// A cluster, a user and a default namespace.
    package struct Context: Decodable, Sendable {
        package var cluster: String
        package var user: String?
        package var namespace: String?
    }

    package var clusters: [NamedCluster]?
    package var users: [NamedUser]?
    package var contexts: [NamedContext]?
    package var currentContext: String?

    enum CodingKeys: String, CodingKey {
        case clusters
        case users
        case contexts
        case currentContext = "current-context"
    }
}
