import Foundation
import KubeClient
import PolicyAPI
import Synchronization
import Testing

/// Exec credential plugins as real processes (shell scripts) against the fake API server over TLS: tokens and
/// client certificates, caching until expiry, the rerun after a 401, and the bounded failures (exit status,
/// timeout, oversized output) with their messages.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct ExecPluginLiveTests {
    /// Lists pods through a client of `plugin` `times` times on a dedicated thread; returns the last error, if any.
    static func listPods(
        port: Int, plugin: ExecPluginConfiguration, times: Int = 1
    ) async throws -> KubeClientError? {
        let client = try ExecPluginFixture.client(port: port, plugin: plugin)
        return try await onDedicatedThread { () -> KubeClientError? in
            let session = client.makeSession(stop: StopSignal())
            defer { session.reset() }
            for _ in 0..<times {
                do throws(KubeClientError) {
                    let body = try session.get(ResourceKind.pods.path)
                    guard (try? JSONDecoding.decode(body))?["kind"]?.stringValue == "PodList" else {
                        return .malformedResponse("not a PodList")
                    }
                } catch {
                    return error
                }
            }
            return nil
        }
    }

    // MARK: - Tokens

    @Test func tokenPluginAuthenticatesAndIsRunOnceWhileItsTokenLasts() async throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let plugin = try ExecPluginFixture(response: ExecPluginFixture.token("secret-token"))
        defer { plugin.remove() }

        let failure = try await Self.listPods(port: server.port, plugin: plugin.configuration(), times: 3)

        #expect(failure == nil, "\(failure.map { "\($0)" } ?? "")")
        #expect(server.state.withLock { $0.authentications } == ["token", "token", "token"])
        #expect(plugin.runs == 1)
        #expect(plugin.read("greeting") == "hello from the kubeconfig")
        #expect(
            plugin.read("exec-info")
                == #"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"interactive":false}}"#)
    }

    @Test func v1beta1PluginWithClusterInfoIsToldTheCluster() async throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let plugin = try ExecPluginFixture(response: ExecPluginFixture.token("secret-token", apiVersion: .v1beta1))
        defer { plugin.remove() }
        var configuration = plugin.configuration(apiVersion: .v1beta1)
        configuration.cluster = ExecCredential.Cluster(server: "https://localhost:\(server.port)")

        let failure = try await Self.listPods(port: server.port, plugin: configuration)

        #expect(failure == nil)
        #expect(
            plugin.read("exec-info")
                == #"{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","spec":{"cluster":{"server":"https://localhost:\#(server.port)"},"interactive":false}}"#)
    }

    @Test func expiredTokenRunsThePluginForEachRequest() async throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let plugin = try ExecPluginFixture(response: ExecPluginFixture.token("secret-token", expiry: "2000-01-01T00:00:00Z"))
        defer { plugin.remove() }

        let failure = try await Self.listPods(port: server.port, plugin: plugin.configuration(), times: 2)

        #expect(failure == nil)
        #expect(plugin.runs == 2)
    }

    @Test func tokenIsKeptUntilTheMarginBeforeItsExpiry() async throws {
        let plugin = try ExecPluginFixture(response: ExecPluginFixture.token("t", expiry: "1970-01-01T00:20:00Z"))
        defer { plugin.remove() }
        let clock = Atomic<Int64>(1000)
        let provider = try ExecCredentialProvider(
            configuration: plugin.configuration(), environment: [:],
            makeTLS: { _, _ throws(KubeClientError) in throw .tls("no certificate expected") },
            now: { clock.load(ordering: .relaxed) })

        let generations = try await onDedicatedThread { () throws -> [Int] in
            var generations: [Int] = []
            generations.append(try provider.current().generation)
            clock.store(1189, ordering: .relaxed)
            generations.append(try provider.current().generation)
            // Ten seconds (the margin) before 00:20:00 the token counts as expired.
            clock.store(1190, ordering: .relaxed)
            generations.append(try provider.current().generation)
            return generations
        }

        #expect(generations == [1, 1, 2])
        #expect(plugin.runs == 2)
        #expect(provider.runCount == 2)
    }

    @Test func interactiveRunIsToldItMayPrompt() async throws {
        let plugin = try ExecPluginFixture(response: ExecPluginFixture.token("t"))
        defer { plugin.remove() }
        var configuration = plugin.configuration()
        configuration.interactiveMode = .ifAvailable
        configuration.allowsInteraction = true
        let provider = try ExecCredentialProvider(
            configuration: configuration, environment: [:],
            makeTLS: { _, _ throws(KubeClientError) in throw .tls("no certificate expected") }, isTerminal: { true })

        let issued = try await onDedicatedThread { try provider.current() }

        #expect(issued.bearerToken == "t")
        #expect(
            plugin.read("exec-info")
                == #"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"interactive":true}}"#)
    }

    @Test func refusedTokenRunsThePluginAgainAndTheRequestSucceeds() async throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let plugin = try ExecPluginFixture(response: ExecPluginFixture.token("secret-token"))
        defer { plugin.remove() }
        try plugin.write("response-1", ExecPluginFixture.token("revoked-token"))

        let failure = try await Self.listPods(port: server.port, plugin: plugin.configuration())

        #expect(failure == nil)
        #expect(plugin.runs == 2)
        #expect(server.state.withLock { $0.authentications } == ["refused", "token"])
    }

    @Test func tokenRefusedAgainAfterTheRerunIsReportedAs401() async throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let plugin = try ExecPluginFixture(response: ExecPluginFixture.token("revoked-token"))
        defer { plugin.remove() }

        let failure = try await Self.listPods(port: server.port, plugin: plugin.configuration())

        #expect(failure?.httpStatus == 401)
        #expect(plugin.runs == 2)
        #expect(server.state.withLock { $0.authentications } == ["refused", "refused"])
    }

    // MARK: - Client certificates

    @Test func certificatePluginAuthenticatesWithItsClientCertificate() async throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let plugin = try ExecPluginFixture(response: try ExecPluginFixture.certificate("exec-user"))
        defer { plugin.remove() }

        let failure = try await Self.listPods(port: server.port, plugin: plugin.configuration(), times: 2)

        #expect(failure == nil, "\(failure.map { "\($0)" } ?? "")")
        #expect(server.state.withLock { $0.authentications } == ["certificate exec-user", "certificate exec-user"])
        #expect(plugin.runs == 1)
        #expect(server.state.withLock { $0.connectionCount } == 1)
    }

    @Test func renewedCertificateIsPresentedOnANewConnection() async throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        // The first certificate is refused (another CN); the rerun after the 401 returns the accepted one.
        let plugin = try ExecPluginFixture(response: try ExecPluginFixture.certificate("exec-user"))
        defer { plugin.remove() }
        try plugin.write("response-1", try ExecPluginFixture.certificate("stranger"))

        let failure = try await Self.listPods(port: server.port, plugin: plugin.configuration())

        #expect(failure == nil, "\(failure.map { "\($0)" } ?? "")")
        #expect(plugin.runs == 2)
        #expect(server.state.withLock { $0.authentications } == ["refused", "certificate exec-user"])
        #expect(server.state.withLock { $0.connectionCount } == 2)
    }

    @Test func unusableCertificateIsReportedAsThePlugins() async throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let broken = "-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\\n"
        let key = "-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----\\n"
        let plugin = try ExecPluginFixture(
            response: #"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"clientCertificateData":"\#(broken)","clientKeyData":"\#(key)"}}"#)
        defer { plugin.remove() }

        let failure = try await Self.listPods(port: server.port, plugin: plugin.configuration())

        #expect(failure?.isExecPlugin == true)
        #expect(
            failure?.reason.hasPrefix(
                "exec plugin \"\(plugin.scriptPath)\" of user \"tester\" returned a client certificate that cannot be used: ") == true,
            "\(failure.map { "\($0)" } ?? "")")
        #expect(server.state.withLock { $0.requests }.isEmpty)
    }

    // MARK: - Failures

    @Test func failingPluginReportsItsStandardErrorAndTheInstallHint() async throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let plugin = try ExecPluginFixture(body: "echo 'no SSO session: run aws sso login' >&2\nexit 1")
        defer { plugin.remove() }

        let failure = try await Self.listPods(
            port: server.port, plugin: plugin.configuration(installHint: "Install the AWS CLI:\n  brew install awscli\n"))

        #expect(failure?.isExecPlugin == true)
        #expect(
            failure?.reason
                == #"exec plugin "\#(plugin.scriptPath)" of user "tester" exited with status 1; stderr: "no SSO session: run aws sso login"; install hint: Install the AWS CLI:\n  brew install awscli"#)
        #expect(server.state.withLock { $0.requests }.isEmpty)
    }

    @Test func standardErrorIsCutToItsEndAndControlCharactersAreEscaped() async throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let plugin = try ExecPluginFixture(
            body: "i=0\nwhile [ $i -lt 200 ]; do echo 'noise noise noise noise noise noise noise noise' >&2; i=$((i+1)); done\nprintf 'last \\033[31mline\\n' >&2\nexit 3")
        defer { plugin.remove() }

        let failure = try await Self.listPods(port: server.port, plugin: plugin.configuration())

        let reason = try #require(failure?.reason)
        #expect(reason.hasPrefix(#"exec plugin "\#(plugin.scriptPath)" of user "tester" exited with status 3; stderr: "..."#))
        #expect(reason.hasSuffix(#"noise\nlast \u{1B}[31mline""#), "\(reason.suffix(80))")
        // 4096 bytes of the end of standard error are kept: 200 lines of 48 bytes are not.
        #expect(reason.count < 4096 + 300)
    }

    @Test func slowPluginIsKilledAtItsTimeout() async throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        // A child of the script holds the pipes: killing the process group is what ends the run.
        let plugin = try ExecPluginFixture(body: "echo 'waiting for the browser' >&2\nsleep 60\necho done")
        defer { plugin.remove() }
        let started = ContinuousClock.now

        let failure = try await Self.listPods(port: server.port, plugin: plugin.configuration(timeout: .milliseconds(300)))

        #expect(
            failure?.reason
                == #"exec plugin "\#(plugin.scriptPath)" of user "tester" did not finish within 300ms and was killed; stderr: "waiting for the browser""#)
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test func shutdownCutsARunningPluginShort() async throws {
        let plugin = try ExecPluginFixture(body: "sleep 60")
        defer { plugin.remove() }
        let client = try ExecPluginFixture.client(port: 6443, plugin: plugin.configuration())
        let stop = StopSignal()
        let started = ContinuousClock.now
        async let outcome = onDedicatedThread { () -> KubeClientError? in
            do throws(KubeClientError) {
                _ = try client.credentials(stop: stop)
                return nil
            } catch {
                return error
            }
        }
        // Stop once the plugin is known to be running.
        while plugin.runs == 0 && ContinuousClock.now - started < .seconds(30) { try await Task.sleep(for: .milliseconds(10)) }
        stop.stop()

        let failure = try await outcome
        #expect(failure?.isCancelled == true, "\(failure.map { "\($0)" } ?? "no error")")
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test func pluginWritingTooMuchIsKilled() async throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let plugin = try ExecPluginFixture(body: "while :; do echo 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'; done")
        defer { plugin.remove() }
        var configuration = plugin.configuration()
        configuration.maximumOutputSize = 4096

        let failure = try await Self.listPods(port: server.port, plugin: configuration)

        #expect(
            failure?.reason
                == #"exec plugin "\#(plugin.scriptPath)" of user "tester" wrote more than 4096 bytes to standard output and was killed"#)
    }

    @Test func responseOfAnotherVersionIsRefused() async throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let plugin = try ExecPluginFixture(response: ExecPluginFixture.token("secret-token", apiVersion: .v1beta1))
        defer { plugin.remove() }

        let failure = try await Self.listPods(port: server.port, plugin: plugin.configuration(apiVersion: .v1))

        #expect(
            failure?.reason
                == #"exec plugin "\#(plugin.scriptPath)" of user "tester" returned an unusable ExecCredential: the response's apiVersion "client.authentication.k8s.io/v1beta1" is not the requested client.authentication.k8s.io/v1"#)
    }

    @Test func missingCommandFailsWhenTheClientIsBuilt() throws {
        let plugin = ExecPluginConfiguration(
            user: "eks", apiVersion: .v1beta1, command: .name("lpw-no-such-plugin"), installHint: "brew install lpw-plugin")
        do {
            _ = try APIServerClient(
                configuration: APIServerConfiguration(host: "localhost", execPlugin: plugin), environment: ["PATH": "/usr/bin:/bin"])
            Issue.record("a missing plugin was accepted")
        } catch {
            #expect(error.reason == #"exec plugin "lpw-no-such-plugin" of user "eks" was not found on PATH; install hint: brew install lpw-plugin"#)
        }
        #expect(throws: KubeClientError.execPlugin("")) {
            _ = try APIServerClient(
                configuration: APIServerConfiguration(
                    host: "localhost",
                    execPlugin: ExecPluginConfiguration(user: "eks", apiVersion: .v1, command: .path("/nonexistent/plugin"))))
        }
    }

    @Test func pluginNeedingATerminalFailsWhenTheClientIsBuilt() throws {
        let plugin = try ExecPluginFixture(response: ExecPluginFixture.token("t"))
        defer { plugin.remove() }
        var configuration = plugin.configuration()
        configuration.interactiveMode = .always
        #expect(throws: KubeClientError.execPlugin("")) {
            _ = try ExecPluginFixture.client(port: 6443, plugin: configuration)
        }
        #expect(plugin.runs == 0)
    }

    @Test func bareCommandIsFoundOnPATH() throws {
        let plugin = try ExecPluginFixture(response: ExecPluginFixture.token("t"))
        defer { plugin.remove() }
        let configuration = ExecPluginConfiguration(user: "eks", apiVersion: .v1, command: .name("plugin"))
        let client = try APIServerClient(
            configuration: APIServerConfiguration(host: "localhost", execPlugin: configuration),
            environment: ["PATH": "relative/dir:/nonexistent:\(plugin.directory)"])
        #expect(client.exec != nil)
    }

    @Test func credentialsAreNotRunFromAConcurrencyTask() async throws {
        let plugin = try ExecPluginFixture(response: ExecPluginFixture.token("t"))
        defer { plugin.remove() }
        let client = try ExecPluginFixture.client(port: 6443, plugin: plugin.configuration())
        #expect(throws: KubeClientError.execPlugin("")) { _ = try client.credentials() }
        #expect(plugin.runs == 0)
    }
}
