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

        enum CodingKeys: String, CodingKey {
            case server
            case certificateAuthority = "certificate-authority"
            case certificateAuthorityData = "certificate-authority-data"
            case insecureSkipTLSVerify = "insecure-skip-tls-verify"
            case tlsServerName = "tls-server-name"
            case proxyURL = "proxy-url"
        }
    }

    /// A `users[]` entry.
    package struct NamedUser: Decodable, Sendable {
        package var name: String
        package var user: User
    }

    /// How a user authenticates; `exec` and `auth-provider` are only detected, to refuse them clearly.
    package struct User: Decodable, Sendable {
        package var clientCertificate: String?
        package var clientCertificateData: String?
        package var clientKey: String?
        package var clientKeyData: String?
        package var token: String?
        package var tokenFile: String?
        package var username: String?
        package var hasExec: Bool
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
            let execIsNull = try container.contains(.exec) ? container.decodeNil(forKey: .exec) : true
            let authProviderIsNull =
                try container.contains(.authProvider) ? container.decodeNil(forKey: .authProvider) : true
            self.hasExec = !execIsNull
            self.hasAuthProvider = !authProviderIsNull
        }
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
