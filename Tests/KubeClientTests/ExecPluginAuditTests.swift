import Foundation
import KubeClient
import PolicyAPI
import PolicyCore
import Testing
import WebhookRuntime

/// Exec users where the webhook uses them: the cache's reflectors (`serve --kubeconfig`), an in-process audit, and
/// the `audit --kubeconfig` command with a kubeconfig naming its plugin by a relative path.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct ExecPluginAuditTests {
    @Test func reflectorsShareOnePluginRunAndSync() async throws {
        let plugin = try ExecPluginFixture(response: ExecPluginFixture.token("secret-token"))
        defer { plugin.remove() }
        try await CacheHarness.run(
            prepare: ClusterCacheServiceTests.seed,
            configure: { configuration in
                configuration.apiServer.bearerToken = nil
                configuration.apiServer.execPlugin = plugin.configuration()
            }
        ) { cache in
            #expect(await cache.eventually { cache.store.snapshot().isSynced })
            #expect(cache.store.snapshot().counts.pods == 5)
            // Every reflector asked for the credential; one run answered them all.
            #expect(plugin.runs == 1)
            #expect(!cache.server.state.withLock { $0.authentications }.contains("refused"))
        }
    }

    @Test func auditWithAnExecUserReadsTheCluster() async throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        AuditCluster.populate(server)
        let plugin = try ExecPluginFixture(response: try ExecPluginFixture.certificate("exec-user"))
        defer { plugin.remove() }
        let client = try ExecPluginFixture.client(port: server.port, plugin: plugin.configuration())
        let auditor = ClusterAuditor(client: client, plan: try AuditPlan(kinds: []), lister: CollectionLister(pageSize: 2))

        let result = try await onDedicatedThread { try auditor.run() }

        #expect(result.checked == 16)
        #expect(AuditLiveTests.violations(result).count == 8)
        #expect(plugin.runs == 1)
        #expect(Set(server.state.withLock { $0.authentications }) == ["certificate exec-user"])
    }

    @Test func auditCommandRunsThePluginOfItsKubeconfig() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        AuditCluster.populate(server)
        let plugin = try ExecPluginFixture(response: ExecPluginFixture.token("secret-token"))
        defer { plugin.remove() }
        try plugin.write(
            "kubeconfig",
            """
            apiVersion: v1
            kind: Config
            current-context: fake
            clusters:
            - name: fake
              cluster:
                server: https://localhost:\(server.port)
                certificate-authority: \(TestPKI.shared.caCertificatePath)
            users:
            - name: sso
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: ./plugin
                  env: [{name: PLUGIN_GREETING, value: from the audit}]
                  interactiveMode: IfAvailable
                  provideClusterInfo: true
            contexts:
            - name: fake
              context: {cluster: fake, user: sso}
            """)
        let (status, stdout, stderr) = try AuditCommandLiveTests.run(
            ["audit", "--kubeconfig", plugin.directory + "/kubeconfig", "--output", "json"])

        #expect(stderr == "")
        #expect(status == 1)
        let json = try JSONDecoding.decode(Array(stdout.utf8))
        #expect(json["denied"] == .integer(8))
        #expect(plugin.runs == 1)
        #expect(plugin.read("greeting") == "from the audit")
        // Standard input is not a terminal: the plugin is told it cannot prompt, and is given the cluster.
        let caData = Data(TestPKI.shared.caPEM).base64EncodedString()
        #expect(
            plugin.read("exec-info")
                == #"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"cluster":{"server":"https://localhost:\#(server.port)","certificate-authority-data":"\#(caData)"},"interactive":false}}"#)
    }

    @Test func auditCommandReportsAFailingPlugin() throws {
        let plugin = try ExecPluginFixture(body: "echo 'token expired, log in again' >&2\nexit 1")
        defer { plugin.remove() }
        try plugin.write(
            "kubeconfig",
            """
            current-context: fake
            clusters: [{name: fake, cluster: {server: "https://localhost:1"}}]
            users: [{name: sso, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: \(plugin.scriptPath), installHint: install sso-plugin}}}]
            contexts: [{name: fake, context: {cluster: fake, user: sso}}]
            """)
        let (status, _, stderr) = try AuditCommandLiveTests.run(["audit", "--kubeconfig", plugin.directory + "/kubeconfig"])

        #expect(status == 2)
        #expect(
            stderr
                == "error: no credentials for localhost:1: exec plugin \"\(plugin.scriptPath)\" of user \"sso\" exited with status 1; stderr: \"token expired, log in again\"; install hint: install sso-plugin\n")
    }
}
