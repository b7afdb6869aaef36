import Dispatch
import Subprocess
import Synchronization
import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

/// Runs a kubeconfig exec credential plugin once and returns its standard output, bounded in time and size.
///
/// The plugin gets its arguments, the process environment plus the stanza's `env` and `KUBERNETES_EXEC_INFO`, and
/// standard input from /dev/null, or this process's own when the run is interactive. Standard output is read up
/// to `maximumOutputSize`; of standard error only the last `maximumErrorTailSize` bytes are kept, for the message
/// (an interactive run also copies it to this process's standard error, where the plugin's prompts belong). A run
/// that outlives `timeout`, or writes too much, is killed: with its whole process group when not interactive (a
/// shell script's children hold its pipes open), and only itself when interactive, since it then shares the
/// terminal's foreground group.
///
/// Blocking: swift-subprocess is async-only, so `run` starts the work as a detached task on the global executor
/// and waits on a semaphore. That is sound only on a thread the executor does not own, such as the reflectors'
/// dedicated threads or the main thread of a synchronous command: waiting on one of the few cooperative threads
/// could starve the very task it waits for. `run` refuses to start inside a task for that reason.
struct ExecPluginRunner: Sendable {
    let configuration: ExecPluginConfiguration
    /// The absolute path of the command, found when the client was built.
    let executablePath: String

    /// What one run produced.
    private struct Outcome: Sendable {
        var output: [UInt8] = []
        var errorTail: [UInt8] = []
        /// True when standard error was longer than the tail kept.
        var isErrorTailCut = false
        var isOutputOversized = false
        var isTimedOut = false
        var readFailure: String?
        var status: TerminationStatus?
    }

    /// One finished part of a run.
    private enum Part: Sendable {
        case output([UInt8], oversized: Bool, failure: String?)
        case errorTail([UInt8], isCut: Bool, failure: String?)
        case timedOut
        case timerCancelled
    }

    /// Finds the command: a path is checked as it is; a bare name is looked up on `PATH` (of `environment`).
    ///
    /// - Throws: `KubeClientError.execPlugin` naming the command and the user, with the stanza's install hint.
    static func resolve(
        _ configuration: ExecPluginConfiguration, environment: [String: String]
    ) throws(KubeClientError) -> String {
        switch configuration.command {
        case .path(let path):
            guard Self.isExecutableFile(path) else {
                throw .execPlugin(
                    Self.message(configuration, "is not an executable file")
                        + Self.hint(configuration))
            }
            return path
        case .name(let name):
            let directories = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
            for directory in directories where directory.hasPrefix("/") {
                let candidate = directory.hasSuffix("/") ? directory + name : directory + "/" + name
                if Self.isExecutableFile(candidate) { return candidate }
            }
            throw .execPlugin(Self.message(configuration, "was not found on PATH") + Self.hint(configuration))
        }
    }

    /// True for a regular file this process may execute.
    private static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }

    /// Runs the plugin and returns what it wrote to standard output, after a zero exit status.
    ///
    /// Raising `stop` cancels the run (swift-subprocess then kills the plugin), so shutdown does not wait out the
    /// plugin's timeout.
    ///
    /// - Throws: `KubeClientError.execPlugin` when it cannot start, exits otherwise, is killed, times out or writes
    ///   too much; the message carries the end of its standard error and the install hint. `cancelled` after `stop`.
    func run(interactive: Bool, stop: StopSignal? = nil) throws(KubeClientError) -> [UInt8] {
        if withUnsafeCurrentTask(body: { $0 != nil }) {
            throw .execPlugin(
                Self.message(self.configuration, "was asked for a credential from a Swift concurrency task")
                    + "; it must be run from a dedicated thread")
        }
        let execInfo = self.configuration.execInfo(interactive: interactive)
        let result = Mutex<Result<Outcome, any Error>?>(nil)
        let finished = DispatchSemaphore(value: 0)
        let runner = self
        let task = Task.detached {
            let outcome: Result<Outcome, any Error>
            do {
                outcome = .success(try await runner.execute(execInfo: execInfo, interactive: interactive))
            } catch {
                outcome = .failure(error)
            }
            result.withLock { $0 = outcome }
            finished.signal()
        }
        var isCancelled = false
        while finished.wait(timeout: .now() + .milliseconds(50)) == .timedOut {
            if !isCancelled, stop?.isStopped == true {
                task.cancel()
                isCancelled = true
            }
        }
        if isCancelled { throw .cancelled() }
        switch result.withLock({ $0.take() }) {
        case .success(let outcome)?:
            return try self.check(outcome)
        case .failure(let error)?:
            throw .execPlugin(
                Self.message(self.configuration, "could not be run: \(error)") + Self.hint(self.configuration))
        case nil:
            throw .execPlugin(Self.message(self.configuration, "ended without a result"))
        }
    }

    /// The output of a successful run, or the error of a failed one.
    private func check(_ outcome: Outcome) throws(KubeClientError) -> [UInt8] {
        let configuration = self.configuration
        let stderr = Self.stderrText(outcome.errorTail, isCut: outcome.isErrorTailCut)
        if outcome.isTimedOut {
            let limit = Self.durationText(configuration.timeout)
            throw .execPlugin(Self.message(configuration, "did not finish within \(limit) and was killed") + stderr)
        }
        if outcome.isOutputOversized {
            let what = "wrote more than \(configuration.maximumOutputSize) bytes to standard output and was killed"
            throw .execPlugin(Self.message(configuration, what) + stderr)
        }
        switch outcome.status {
        case .exited(0)?:
            break
        case .exited(let code)?:
            throw .execPlugin(
                Self.message(configuration, "exited with status \(code)") + stderr + Self.hint(configuration))
        case .signaled(let signal)?:
            throw .execPlugin(
                Self.message(configuration, "was killed by signal \(signal)") + stderr + Self.hint(configuration))
        case nil:
            throw .execPlugin(Self.message(configuration, "ended without an exit status") + stderr)
        }
        if let failure = outcome.readFailure {
            throw .execPlugin(Self.message(configuration, "could not be read: \(failure)") + stderr)
        }
        return outcome.output
    }

    // MARK: - Running

    /// Spawns the plugin and collects its output under the configured bounds.
    private func execute(execInfo: String, interactive: Bool) async throws -> Outcome {
        var variables: [Environment.Key: String?] = [:]
        for variable in self.configuration.environment {
            if let key = Environment.Key(rawValue: variable.name) { variables[key] = variable.value }
        }
        if let key = Environment.Key(rawValue: "KUBERNETES_EXEC_INFO") { variables[key] = execInfo }
        var options = PlatformOptions()
        // Its own process group, so a timeout or a shutdown kills the children too; an interactive plugin stays in
        // ours, the terminal's foreground group, or reading the terminal would stop it.
        if !interactive {
            options.processGroupID = 0
            options.teardownSequence = [
                .send(signal: .kill, toProcessGroup: true, allowedDurationToNextStep: .seconds(1))
            ]
        }
        let configuration = Configuration(
            executable: .path(FilePath(self.executablePath)), arguments: Arguments(self.configuration.arguments),
            environment: .inherit.updating(variables), platformOptions: options)
        if interactive {
            return try await self.collect(
                configuration, input: .currentStandardInput, killsGroup: false, echoesErrors: true)
        }
        return try await self.collect(configuration, input: .none, killsGroup: true, echoesErrors: false)
    }

    /// Runs `configuration` with `input`, reading both output streams and arming the timeout.
    private func collect(
        _ configuration: Configuration, input: some InputProtocol, killsGroup: Bool, echoesErrors: Bool
    ) async throws -> Outcome {
        let outputLimit = self.configuration.maximumOutputSize
        let errorLimit = self.configuration.maximumErrorTailSize
        let timeout = self.configuration.timeout
        // Set before the kill, so that it is known however soon the streams end after it.
        let timedOut = TimeoutFlag()
        let result = try await Subprocess.run(
            configuration, input: input, output: .sequence, error: .sequence
        ) { execution in
            // Kills the plugin so that both streams end; the readers then finish on their own. Reads do not answer
            // task cancellation, so every way out of the group goes through here rather than through cancelling.
            let kill: @Sendable () -> Void = { try? execution.send(signal: .kill, toProcessGroup: killsGroup) }
            return await withTaskGroup(of: Part.self) { group in
                group.addTask {
                    var bytes: [UInt8] = []
                    do {
                        for try await buffer in execution.standardOutput {
                            guard bytes.count + buffer.count <= outputLimit else {
                                kill()
                                return .output([], oversized: true, failure: nil)
                            }
                            buffer.withUnsafeBytes { bytes.append(contentsOf: $0) }
                        }
                    } catch {
                        return .output(bytes, oversized: false, failure: "\(error)")
                    }
                    return .output(bytes, oversized: false, failure: nil)
                }
                group.addTask {
                    var tail: [UInt8] = []
                    var isCut = false
                    do {
                        for try await buffer in execution.standardError {
                            buffer.withUnsafeBytes { raw in
                                if echoesErrors { Self.writeStandardError(raw) }
                                tail.append(contentsOf: raw)
                            }
                            if tail.count > errorLimit {
                                tail.removeFirst(tail.count - errorLimit)
                                isCut = true
                            }
                        }
                    } catch {
                        return .errorTail(tail, isCut: isCut, failure: "\(error)")
                    }
                    return .errorTail(tail, isCut: isCut, failure: nil)
                }
                group.addTask {
                    do {
                        try await Task.sleep(for: timeout)
                    } catch {
                        return .timerCancelled
                    }
                    timedOut.isSet.store(true, ordering: .releasing)
                    kill()
                    return .timedOut
                }
                var outcome = Outcome()
                var openStreams = 2
                while openStreams > 0, let part = await group.next() {
                    switch part {
                    case .output(let bytes, let oversized, let failure):
                        outcome.output = bytes
                        outcome.isOutputOversized = oversized
                        outcome.readFailure = outcome.readFailure ?? failure
                        openStreams -= 1
                    case .errorTail(let tail, let isCut, let failure):
                        outcome.errorTail = tail
                        outcome.isErrorTailCut = isCut
                        outcome.readFailure = outcome.readFailure ?? failure
                        openStreams -= 1
                    case .timedOut, .timerCancelled:
                        break
                    }
                }
                // Both streams ended: the timer is all that is left.
                group.cancelAll()
                return outcome
            }
        }
        var outcome = result.closureResult
        outcome.status = result.terminationStatus
        outcome.isTimedOut = timedOut.isSet.load(ordering: .acquiring)
        return outcome
    }

    /// Whether a run's timer fired, shared by the timer task and the code that reads the outcome.
    private final class TimeoutFlag: Sendable {
        let isSet = Atomic<Bool>(false)
    }

    /// Copies bytes to this process's standard error (an interactive plugin's prompts), unbuffered.
    private static func writeStandardError(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < bytes.count {
            let written = write(STDERR_FILENO, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    // MARK: - Messages

    /// `exec plugin "aws" of user "eks-admin" <what>`.
    static func message(_ configuration: ExecPluginConfiguration, _ what: String) -> String {
        let command = configuration.command.text.escapingControlCharacters
        return "exec plugin \"\(command)\" of user \"\(configuration.user)\" \(what)"
    }

    /// `; install hint: …`, or nothing when the stanza has none.
    static func hint(_ configuration: ExecPluginConfiguration) -> String {
        guard let hint = configuration.installHint else { return "" }
        return "; install hint: \(hint.trimmingWhitespace().escapingControlCharacters)"
    }

    /// `; stderr: "…"` with the end of what the plugin wrote there (after `...` when the start was cut), or nothing
    /// when it wrote nothing.
    static func stderrText(_ tail: [UInt8], isCut: Bool) -> String {
        let text = String(decoding: tail, as: UTF8.self).trimmingWhitespace()
        return text.isEmpty ? "" : "; stderr: \"\(isCut ? "..." : "")\(text.escapingControlCharacters)\""
    }

    /// `30s`, `250ms`.
    private static func durationText(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000)s" : "\(milliseconds)ms"
    }
}
