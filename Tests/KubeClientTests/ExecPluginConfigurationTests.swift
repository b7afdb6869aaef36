import Foundation
import KubeClient
import PolicyAPI
import Testing

/// The kubeconfig `user.exec` stanza: decoding, checks with messages naming the user, command resolution, and the
/// interactivity decision.
@Suite struct ExecPluginConfigurationTests {
    /// The configuration of a kubeconfig whose user `eks` has the exec stanza `exec` (YAML flow mapping text).
    static func load(exec: String, user extra: String = "", cluster: String = "") throws -> APIServerConfiguration {
        let kubeconfig = """
            current-context: eks
            clusters:
            - name: eks
              cluster:
                server: https://eks.example:6443
                certificate-authority-data: \(Data("CA PEM".utf8).base64EncodedString())
            \(cluster)
            users: [{name: eks, user: {exec: \(exec)\(extra)}}]
            contexts: [{name: eks, context: {cluster: eks, user: eks}}]
            """
        var result: APIServerConfiguration?
        try APIServerConfigurationTests.withFiles(["config": kubeconfig]) { directory in
            result = try APIServerConfiguration.kubeconfig(path: directory + "/config")
        }
        return try #require(result)
    }

    /// The reason of the configuration error loading `exec` throws.
    static func refusal(exec: String, user extra: String = "") -> String? {
        do {
            _ = try Self.load(exec: exec, user: extra)
            return nil
        } catch let error as KubeClientError {
            #expect(error == .configuration(""), "\(error)")
            return error.reason
        } catch {
            return "\(error)"
        }
    }

    @Test func v1beta1StanzaDecodesWithDefaults() throws {
        let configuration = try Self.load(
            exec: "{apiVersion: client.authentication.k8s.io/v1beta1, command: aws, args: [eks, get-token, --cluster-name, prod], env: [{name: AWS_PROFILE, value: prod}], installHint: 'brew install awscli'}")
        let plugin = try #require(configuration.execPlugin)
        #expect(plugin.user == "eks")
        #expect(plugin.apiVersion == .v1beta1)
        #expect(plugin.command == .name("aws"))
        #expect(plugin.arguments == ["eks", "get-token", "--cluster-name", "prod"])
        #expect(plugin.environment == [.init(name: "AWS_PROFILE", value: "prod")])
        #expect(plugin.installHint == "brew install awscli")
        #expect(plugin.interactiveMode == .ifAvailable)
        #expect(plugin.cluster == nil)
        #expect(!plugin.allowsInteraction)
        #expect(plugin.timeout == .seconds(30))
        #expect(configuration.bearerToken == nil)
        #expect(configuration.clientCertificatePEM == nil)
    }

    @Test func v1StanzaWithClusterInfoCarriesTheCluster() throws {
        let configuration = try Self.load(
            exec: "{apiVersion: client.authentication.k8s.io/v1, command: /usr/local/bin/gke-gcloud-auth-plugin, interactiveMode: Never, provideClusterInfo: true}",
            cluster: """
                    tls-server-name: api.internal
                    extensions:
                    - name: client.authentication.k8s.io/exec
                      extension: {audience: prod}
                    - name: other
                      extension: [1, 2]
                """)
        let plugin = try #require(configuration.execPlugin)
        #expect(plugin.apiVersion == .v1)
        #expect(plugin.command == .path("/usr/local/bin/gke-gcloud-auth-plugin"))
        #expect(plugin.interactiveMode == .never)
        #expect(
            plugin.cluster
                == ExecCredential.Cluster(
                    server: "https://eks.example:6443", tlsServerName: "api.internal",
                    certificateAuthorityData: Array("CA PEM".utf8), config: .object(JSONObject(["audience": .string("prod")]))))
        #expect(
            plugin.execInfo(interactive: false)
                == #"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"cluster":{"server":"https://eks.example:6443","tls-server-name":"api.internal","certificate-authority-data":"Q0EgUEVN","config":{"audience":"prod"}},"interactive":false}}"#)
    }

    @Test func relativeCommandWithASlashResolvesAgainstTheKubeconfigDirectory() throws {
        var directory = ""
        var command: ExecPluginConfiguration.Command?
        let kubeconfig = """
            current-context: c
            clusters: [{name: c, cluster: {server: "https://c.example"}}]
            users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: ./bin/plugin}}}]
            contexts: [{name: c, context: {cluster: c, user: u}}]
            """
        try APIServerConfigurationTests.withFiles(["config": kubeconfig]) { path in
            directory = path
            command = try APIServerConfiguration.kubeconfig(path: path + "/config").execPlugin?.command
        }
        #expect(command == .path(directory + "/./bin/plugin"))
    }

    @Test(arguments: [
        ("{command: aws}", "user \"eks\": exec.apiVersion is missing; use client.authentication.k8s.io/v1 or client.authentication.k8s.io/v1beta1"),
        ("{apiVersion: client.authentication.k8s.io/v1alpha1, command: aws}",
         "user \"eks\": exec.apiVersion \"client.authentication.k8s.io/v1alpha1\" is not supported; use client.authentication.k8s.io/v1 or client.authentication.k8s.io/v1beta1"),
        ("{apiVersion: client.authentication.k8s.io/v1, command: aws}",
         "user \"eks\": exec.interactiveMode is required with client.authentication.k8s.io/v1 (Never, IfAvailable, Always)"),
        ("{apiVersion: client.authentication.k8s.io/v1, command: aws, interactiveMode: Sometimes}",
         "user \"eks\": exec.interactiveMode \"Sometimes\" is not one of Never, IfAvailable, Always"),
        ("{apiVersion: client.authentication.k8s.io/v1beta1}", "user \"eks\": exec.command is missing"),
        ("{apiVersion: client.authentication.k8s.io/v1beta1, command: ''}", "user \"eks\": exec.command is missing"),
        ("{apiVersion: client.authentication.k8s.io/v1beta1, command: aws, env: [{value: x}]}",
         "user \"eks\": exec.env[0] needs a name without \"=\""),
        ("{apiVersion: client.authentication.k8s.io/v1beta1, command: aws, env: [{name: A=B, value: x}]}",
         "user \"eks\": exec.env[0] needs a name without \"=\""),
        ("{apiVersion: client.authentication.k8s.io/v1beta1, command: aws, env: [{name: A, value: x}, {name: B}]}",
         "user \"eks\": exec.env[1] (B) needs a value"),
    ])
    func unusableStanzaIsRefusedNamingTheUser(exec: String, expected: String) {
        #expect(Self.refusal(exec: exec) == expected)
    }

    @Test func execTogetherWithAnotherCredentialIsRefused() {
        #expect(
            Self.refusal(exec: "{apiVersion: client.authentication.k8s.io/v1beta1, command: aws}", user: ", token: abc")
                == "user \"eks\" sets exec together with token; the exec plugin must be its only credential")
    }

    @Test func execStanzaOfTheWrongShapeIsADecodingError() {
        #expect(throws: KubeClientError.configuration("")) {
            _ = try Self.load(exec: "aws eks get-token")
        }
    }

    // MARK: - Interactivity

    static func plugin(_ mode: ExecPluginConfiguration.InteractiveMode, allowsInteraction: Bool) -> ExecPluginConfiguration {
        ExecPluginConfiguration(
            user: "sso", apiVersion: .v1, command: .name("kubelogin"), interactiveMode: mode, allowsInteraction: allowsInteraction)
    }

    @Test(arguments: [
        (ExecPluginConfiguration.InteractiveMode.never, true, true, false),
        (.ifAvailable, true, true, true),
        (.ifAvailable, true, false, false),
        (.ifAvailable, false, true, false),
        (.always, true, true, true),
    ])
    func interactiveOnlyWhenAllowedAndOnATerminal(mode: ExecPluginConfiguration.InteractiveMode, allows: Bool, terminal: Bool, expected: Bool) throws {
        #expect(try Self.plugin(mode, allowsInteraction: allows).isInteractive(standardInputIsTerminal: terminal) == expected)
    }

    @Test func alwaysInteractiveWithoutATerminalIsAClearError() {
        do {
            _ = try Self.plugin(.always, allowsInteraction: true).isInteractive(standardInputIsTerminal: false)
            Issue.record("an Always plugin ran without a terminal")
        } catch {
            #expect(error.isExecPlugin)
            #expect(error.reason == "exec plugin \"kubelogin\" of user \"sso\" has interactiveMode Always, but standard input is not a terminal; use a kubeconfig whose plugin can run without a person")
        }
        do {
            _ = try Self.plugin(.always, allowsInteraction: false).isInteractive(standardInputIsTerminal: true)
            Issue.record("an Always plugin ran unattended")
        } catch {
            #expect(error.reason.contains("but this command never lets a plugin prompt (it runs unattended)"))
        }
    }
}
