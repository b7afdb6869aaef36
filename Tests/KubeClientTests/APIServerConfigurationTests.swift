import Foundation
import KubeClient
import Testing

/// Kubeconfig and in-cluster configuration loading.
@Suite struct APIServerConfigurationTests {
    /// A temp directory with the given files, removed after `body`.
    static func withFiles(_ files: [String: String], _ body: (String) throws -> Void) throws {
        let directory = NSTemporaryDirectory() + "lpw-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (name, content) in files {
            try Data(content.utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
        try body(directory)
    }

    static let caPEM = String(decoding: TestPKI.shared.caPEM, as: UTF8.self)

    @Test func kubeconfigCurrentContextWithInlineCAAndToken() throws {
        let kubeconfig = """
            apiVersion: v1
            kind: Config
            current-context: prod
            clusters:
            - name: other
              cluster: {server: "https://other.example:6443"}
            - name: prod
              cluster:
                server: https://[fd00::1]:6443/prefix/
                certificate-authority-data: \(Data(Self.caPEM.utf8).base64EncodedString())
                tls-server-name: api.prod.example
            users:
            - name: admin
              user: {token: abc.def}
            contexts:
            - name: prod
              context: {cluster: prod, user: admin, namespace: linkerd}
            """
        try Self.withFiles(["config": kubeconfig]) { directory in
            let configuration = try APIServerConfiguration.kubeconfig(path: directory + "/config")
            #expect(configuration.host == "fd00::1")
            #expect(configuration.port == 6443)
            #expect(configuration.pathPrefix == "/prefix")
            #expect(configuration.tlsServerName == "api.prod.example")
            #expect(configuration.certificateAuthorityPEM == TestPKI.shared.caPEM)
            #expect(configuration.bearerToken == .inline("abc.def"))
            #expect(configuration.namespace == "linkerd")
            #expect(!configuration.isInsecureSkipTLSVerify)
        }
    }

    @Test func kubeconfigRelativeFilesResolveAgainstItsDirectory() throws {
        let kubeconfig = """
            current-context: dev
            clusters: [{name: dev, cluster: {server: "https://localhost:8443", certificate-authority: ca.crt, insecure-skip-tls-verify: false}}]
            users: [{name: dev, user: {tokenFile: token}}]
            contexts: [{name: dev, context: {cluster: dev, user: dev}}]
            """
        try Self.withFiles(["config": kubeconfig, "ca.crt": Self.caPEM, "token": "t0k3n\n"]) { directory in
            let configuration = try APIServerConfiguration.kubeconfig(path: directory + "/config")
            #expect(configuration.certificateAuthorityPEM == TestPKI.shared.caPEM)
            #expect(configuration.bearerToken == .file(directory + "/token"))
            #expect(configuration.port == 8443)
        }
    }

    @Test func kubeconfigAuthProviderIsRefusedClearly() throws {
        let kubeconfig = """
            current-context: gke
            clusters: [{name: gke, cluster: {server: "https://gke.example"}}]
            users: [{name: old, user: {auth-provider: {name: gcp}}}]
            contexts: [{name: gke, context: {cluster: gke, user: old}}]
            """
        try Self.withFiles(["config": kubeconfig]) { directory in
            do {
                _ = try APIServerConfiguration.kubeconfig(path: directory + "/config")
                Issue.record("an auth-provider user was accepted")
            } catch let error as KubeClientError {
                #expect(error == .unsupportedAuthentication(""))
                #expect(error.reason.hasPrefix("user \"old\" authenticates with an auth-provider, which kubectl no longer supports"))
            }
        }
    }

    @Test func kubeconfigWithoutCurrentContextFails() throws {
        try Self.withFiles(["config": "clusters: []\n"]) { directory in
            #expect(throws: KubeClientError.configuration("")) {
                _ = try APIServerConfiguration.kubeconfig(path: directory + "/config")
            }
        }
    }

    @Test func kubeconfigWithAnAliasIsRefusedNamingIt() throws {
        let kubeconfig = """
            current-context: prod
            clusters:
            - name: prod
              cluster: &c {server: "https://api.example:6443"}
            - name: copy
              cluster: *c
            contexts: []
            """
        try Self.withFiles(["config": kubeconfig]) { directory in
            do {
                _ = try APIServerConfiguration.kubeconfig(path: directory + "/config")
                Issue.record("a kubeconfig with an alias was accepted")
            } catch {
                #expect("\(error)".contains("\(directory)/config: line 6: alias *c refused;"))
            }
        }
    }

    @Test(arguments: [
        ("https://10.96.0.1", "10.96.0.1", 443, ""),
        ("https://api.example:6443", "api.example", 6443, ""),
        ("https://[::1]:8443/k8s", "::1", 8443, "/k8s"),
    ])
    func serverURLParses(url: String, host: String, port: Int, prefix: String) throws {
        let parsed = try APIServerConfiguration.parseServerURL(url)
        #expect(parsed.host == host && parsed.port == port && parsed.pathPrefix == prefix)
    }

    @Test func plainHTTPServerURLIsRefused() {
        #expect(throws: KubeClientError.configuration("")) {
            _ = try APIServerConfiguration.parseServerURL("http://localhost:8080")
        }
    }

    @Test func inClusterReadsEnvironmentAndServiceAccount() throws {
        try Self.withFiles(["token": "sa-token", "ca.crt": Self.caPEM, "namespace": "linkerd\n"]) { directory in
            let configuration = try APIServerConfiguration.inCluster(
                environment: ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"],
                directory: directory)
            #expect(configuration.host == "10.96.0.1" && configuration.port == 443)
            #expect(configuration.bearerToken == .file(directory + "/token"))
            #expect(configuration.namespace == "linkerd")
            #expect(configuration.certificateAuthorityPEM == TestPKI.shared.caPEM)
        }
    }

    @Test func inClusterOutsideAClusterFails() {
        #expect(throws: KubeClientError.configuration("")) {
            _ = try APIServerConfiguration.inCluster(environment: [:], directory: "/nonexistent")
        }
    }

    @Test func tokenFileIsReadAgainOnlyWhenItChanges() throws {
        try Self.withFiles(["token": "one\n"]) { directory in
            let provider = BearerTokenProvider(source: .file(directory + "/token"))
            #expect(try provider.token() == "one")
            try Data("two".utf8).write(to: URL(fileURLWithPath: directory + "/token.new"))
            _ = rename(directory + "/token.new", directory + "/token")
            #expect(try provider.token() == "two")
        }
    }
}
