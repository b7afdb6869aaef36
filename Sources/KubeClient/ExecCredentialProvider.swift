import NetIO
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Hands out the credential of a kubeconfig exec plugin, running the plugin only when needed: at the first
/// request, when the credential nears its `expirationTimestamp`, and after the API server refused it (401).
///
/// This is `BearerTokenProvider`'s counterpart for exec users, with the same contract (a credential now, forget
/// it after a 401), and requests reach both through one path, `APIServerClient.credentials()`. It is a type of
/// its own because a plugin may answer with a client certificate instead of a token, and a certificate belongs
/// to the connection, not to a header: each plugin run that returns one gets a fresh `TLSContext`, built here
/// once per run, and sessions open new connections with it (a kept-alive connection made with an older context
/// is dropped at its next request). Rebuilding the context per certificate, rather than swapping the key inside
/// one, keeps every `SSL_CTX` immutable once configured, as `TLSContext` requires.
///
/// The plugin runs at most once at a time: requests of several reflectors arriving together wait for the same run
/// and share its outcome, success or failure. Each run has a generation number; a 401 forgets the credential only
/// if it is still the one that was refused, so that a burst of 401s for one stale token causes one run.
/// Blocking (the plugin runs synchronously, see `ExecPluginRunner`): call it from dedicated threads only.
package final class ExecCredentialProvider: Sendable {
    /// A credential as issued to requests.
    package struct Issued: Sendable {
        package let status: ExecCredential.Status
        /// The context presenting the plugin's client certificate; nil for a token.
        package let tls: TLSContext?
        /// Which plugin run produced it (1 for the first).
        package let generation: Int

        /// The bearer token, when the plugin returned one.
        package var bearerToken: String? {
            if case .token(let token) = self.status.credential { return token }
            return nil
        }
    }

    /// The cached credential and what the last run did.
    private struct State {
        var issued: Issued?
        /// Runs started so far; also the generation of the newest credential.
        var runs = 0
        /// The error of the last run, when it failed; shared with the requests that waited for it.
        var lastFailure: KubeClientError?
    }

    package let configuration: ExecPluginConfiguration
    private let runner: ExecPluginRunner
    /// Builds the connection context presenting a client certificate and its key (PEM).
    package typealias MakeTLS =
        @Sendable (_ certificatePEM: [UInt8], _ keyPEM: [UInt8]) throws(KubeClientError) -> TLSContext

    private let makeTLS: MakeTLS
    private let now: @Sendable () -> Int64
    private let isTerminal: @Sendable () -> Bool
    private let state = Mutex(State())
    /// Held while the plugin runs, so that concurrent requests wait for one run instead of starting their own.
    private let runLock = Mutex(())

    /// Finds the plugin's command now, so that a missing plugin (or one needing a terminal there is not) fails when
    /// the client is built; runs nothing.
    ///
    /// - Parameters:
    ///   - makeTLS: builds the connection context for a client certificate the plugin returns.
    ///   - now: the wall clock in seconds since the epoch, against which expiry times are compared.
    ///   - isTerminal: whether standard input is a terminal (the plugin may then prompt, when allowed).
    package init(
        configuration: ExecPluginConfiguration, environment: [String: String],
        makeTLS: @escaping MakeTLS,
        now: @escaping @Sendable () -> Int64 = { Int64(time(nil)) },
        isTerminal: @escaping @Sendable () -> Bool = { isatty(STDIN_FILENO) == 1 }
    ) throws(KubeClientError) {
        // A plugin that needs a person who cannot be there fails now, at startup, rather than at every retry.
        _ = try configuration.isInteractive(standardInputIsTerminal: isTerminal())
        self.configuration = configuration
        let executablePath = try ExecPluginRunner.resolve(configuration, environment: environment)
        self.runner = ExecPluginRunner(configuration: configuration, executablePath: executablePath)
        self.makeTLS = makeTLS
        self.now = now
        self.isTerminal = isTerminal
    }

    /// How many times the plugin has been started.
    package var runCount: Int { self.state.withLock { $0.runs } }

    /// The credential to present now: the cached one while it is usable, else the outcome of a plugin run, which
    /// `stop` cuts short at shutdown.
    package func current(stop: StopSignal? = nil) throws(KubeClientError) -> Issued {
        let margin = self.configuration.refreshMarginSeconds
        let (cached, runsSeen) = self.state.withLock { ($0.issued, $0.runs) }
        if let cached, cached.status.isUsable(at: self.now(), margin: margin) { return cached }
        return try self.runLock.withLock { _ throws(KubeClientError) -> Issued in
            // A run that finished while this thread waited for the lock answers for it too, even with a credential
            // that is already stale: running again at once would only hand out the same.
            let (latest, runs, failure) = self.state.withLock { ($0.issued, $0.runs, $0.lastFailure) }
            if runs != runsSeen {
                if let failure { throw failure }
                if let latest { return latest }
            }
            if let latest, latest.status.isUsable(at: self.now(), margin: margin) { return latest }
            let generation = self.state.withLock { state in
                state.runs += 1
                return state.runs
            }
            do throws(KubeClientError) {
                let issued = try self.runOnce(generation: generation, stop: stop)
                self.state.withLock { state in
                    state.issued = issued
                    state.lastFailure = nil
                }
                return issued
            } catch {
                self.state.withLock { state in
                    state.issued = nil
                    state.lastFailure = error
                }
                throw error
            }
        }
    }

    /// Forgets the credential of run `generation` after the API server refused it, unless a later run replaced it
    /// already (another request's 401); the next `current()` then runs the plugin or returns the newer credential.
    package func invalidate(generation: Int) {
        self.state.withLock { state in
            if state.issued?.generation == generation { state.issued = nil }
        }
    }

    /// One plugin run: the request, the process, the response check, and the TLS context of a certificate.
    private func runOnce(generation: Int, stop: StopSignal?) throws(KubeClientError) -> Issued {
        let interactive = try self.configuration.isInteractive(standardInputIsTerminal: self.isTerminal())
        let output = try self.runner.run(interactive: interactive, stop: stop)
        let status: ExecCredential.Status
        do throws(KubeClientError) {
            status = try ExecCredential.parse(
                output, expecting: self.configuration.apiVersion, maximumSize: self.configuration.maximumOutputSize)
        } catch {
            throw .execPlugin(
                ExecPluginRunner.message(self.configuration, "returned an unusable ExecCredential: \(error.reason)"))
        }
        var tls: TLSContext?
        if case .clientCertificate(let certificate, let key) = status.credential {
            do throws(KubeClientError) {
                tls = try self.makeTLS(certificate, key)
            } catch {
                let what = "returned a client certificate that cannot be used: \(error.reason)"
                throw .execPlugin(ExecPluginRunner.message(self.configuration, what))
            }
        }
        return Issued(status: status, tls: tls, generation: generation)
    }
}
