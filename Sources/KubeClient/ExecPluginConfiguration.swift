/// A kubeconfig user's exec credential plugin, checked: what to run, with which arguments and environment, which
/// ExecCredential version to speak, and how far it may talk to a person.
///
/// Built from the `user.exec` stanza by `init(user:stanza:directory:cluster:)`, which reports every unusable
/// field naming the user; the bounds (`timeout`, output sizes) are set here so tests and callers can tighten them.
package struct ExecPluginConfiguration: Sendable, Hashable {
    /// Whether the plugin may read from the terminal (client-go `interactiveMode`).
    package enum InteractiveMode: String, Sendable, Hashable, CaseIterable {
        /// The plugin never needs a person.
        case never = "Never"
        /// The plugin uses a terminal when there is one and manages without otherwise.
        case ifAvailable = "IfAvailable"
        /// The plugin cannot work without a person at a terminal.
        case always = "Always"
    }

    /// How the command is found.
    package enum Command: Sendable, Hashable {
        /// A path: absolute as written, or a relative one (with a slash) resolved against the kubeconfig's directory.
        case path(String)
        /// A bare name, looked up on this process's `PATH` when the client is built.
        case name(String)

        /// The command as the kubeconfig names it, for messages.
        package var text: String {
            switch self {
            case .path(let path), .name(let path): return path
            }
        }
    }

    /// One variable added to the plugin's environment.
    package struct EnvironmentVariable: Sendable, Hashable {
        package var name: String
        package var value: String

        package init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The kubeconfig user the plugin authenticates, for messages.
    package var user: String
    package var apiVersion: ExecCredential.APIVersion
    package var command: Command
    package var arguments: [String]
    package var environment: [EnvironmentVariable]
    /// Shown when the plugin cannot be found or fails (`installHint`), so the operator learns what to install.
    package var installHint: String?
    package var interactiveMode: InteractiveMode
    /// Handed to the plugin in `spec.cluster` when the stanza sets `provideClusterInfo`; nil otherwise.
    package var cluster: ExecCredential.Cluster?
    /// Whether this process may let the plugin use its terminal: `audit` run by a person may, `serve` never does.
    package var allowsInteraction: Bool
    /// How long one run may take before the plugin (and, when not interactive, its process group) is killed.
    package var timeout: Duration
    /// The most the plugin may write to standard output; more is an error and the plugin is killed.
    package var maximumOutputSize: Int
    /// How much of the end of the plugin's standard error is kept for the failure message.
    package var maximumErrorTailSize: Int
    /// A credential is run for again this many seconds before its `expirationTimestamp`.
    package var refreshMarginSeconds: Int64

    package init(
        user: String, apiVersion: ExecCredential.APIVersion, command: Command, arguments: [String] = [],
        environment: [EnvironmentVariable] = [], installHint: String? = nil,
        interactiveMode: InteractiveMode = .ifAvailable, cluster: ExecCredential.Cluster? = nil,
        allowsInteraction: Bool = false, timeout: Duration = .seconds(30),
        maximumOutputSize: Int = ExecCredential.maximumResponseSize, maximumErrorTailSize: Int = 4096,
        refreshMarginSeconds: Int64 = 10
    ) {
        self.user = user
        self.apiVersion = apiVersion
        self.command = command
        self.arguments = arguments
        self.environment = environment
        self.installHint = installHint
        self.interactiveMode = interactiveMode
        self.cluster = cluster
        self.allowsInteraction = allowsInteraction
        self.timeout = timeout
        self.maximumOutputSize = maximumOutputSize
        self.maximumErrorTailSize = maximumErrorTailSize
        self.refreshMarginSeconds = refreshMarginSeconds
    }

    /// Checks a kubeconfig `exec` stanza of `user`; `directory` is the kubeconfig's, `cluster` what the plugin is
    /// told of the cluster if the stanza asks for it.
    package init(
        user: String, stanza: Kubeconfig.Exec, directory: String, cluster: ExecCredential.Cluster
    ) throws(KubeClientError) {
        let subject = "user \"\(user)\": exec"
        let versions = ExecCredential.APIVersion.allCases.map(\.rawValue).joined(separator: " or ")
        guard let versionText = stanza.apiVersion, !versionText.isEmpty else {
            throw .configuration("\(subject).apiVersion is missing; use \(versions)")
        }
        guard let apiVersion = ExecCredential.APIVersion(rawValue: versionText) else {
            throw .configuration("\(subject).apiVersion \"\(versionText)\" is not supported; use \(versions)")
        }
        guard let commandText = stanza.command, !commandText.isEmpty else {
            throw .configuration("\(subject).command is missing")
        }
        let command: Command
        if commandText.hasPrefix("/") {
            command = .path(commandText)
        } else if commandText.contains("/") {
            command = .path((directory.hasSuffix("/") ? directory : directory + "/") + commandText)
        } else {
            command = .name(commandText)
        }
        let modes = InteractiveMode.allCases.map(\.rawValue).joined(separator: ", ")
        let interactiveMode: InteractiveMode
        switch stanza.interactiveMode {
        case nil, ""?:
            guard apiVersion != .v1 else {
                throw .configuration("\(subject).interactiveMode is required with \(apiVersion.rawValue) (\(modes))")
            }
            interactiveMode = .ifAvailable
        case let text?:
            guard let mode = InteractiveMode(rawValue: text) else {
                throw .configuration("\(subject).interactiveMode \"\(text)\" is not one of \(modes)")
            }
            interactiveMode = mode
        }
        var environment: [EnvironmentVariable] = []
        for (index, variable) in (stanza.env ?? []).enumerated() {
            guard let name = variable.name, !name.isEmpty, !name.contains("="), !name.utf8.contains(0) else {
                throw .configuration("\(subject).env[\(index)] needs a name without \"=\"")
            }
            guard let value = variable.value, !value.utf8.contains(0) else {
                throw .configuration("\(subject).env[\(index)] (\(name)) needs a value")
            }
            environment.append(EnvironmentVariable(name: name, value: value))
        }
        let arguments = stanza.args ?? []
        if commandText.utf8.contains(0) || arguments.contains(where: { $0.utf8.contains(0) }) {
            throw .configuration("\(subject).command and args cannot hold a NUL character")
        }
        self.init(
            user: user, apiVersion: apiVersion, command: command, arguments: arguments, environment: environment,
            installHint: stanza.installHint.flatMap { $0.isEmpty ? nil : $0 }, interactiveMode: interactiveMode,
            cluster: stanza.provideClusterInfo == true ? cluster : nil)
    }

    /// Whether a run may interact (the request's `spec.interactive`): only when the stanza allows it, this process
    /// lets it, and standard input is a terminal.
    ///
    /// - Throws: `KubeClientError.execPlugin` when the plugin needs a person (`Always`) and cannot have one.
    package func isInteractive(standardInputIsTerminal: Bool) throws(KubeClientError) -> Bool {
        let interactive = self.interactiveMode != .never && self.allowsInteraction && standardInputIsTerminal
        if self.interactiveMode == .always && !interactive {
            let why =
                self.allowsInteraction
                ? "standard input is not a terminal" : "this command never lets a plugin prompt (it runs unattended)"
            throw .execPlugin(
                "exec plugin \"\(self.command.text)\" of user \"\(self.user)\" has interactiveMode Always, but \(why); "
                    + "use a kubeconfig whose plugin can run without a person")
        }
        return interactive
    }

    /// The `KUBERNETES_EXEC_INFO` value of one run.
    package func execInfo(interactive: Bool) -> String {
        ExecCredential.request(apiVersion: self.apiVersion, interactive: interactive, cluster: self.cluster)
    }
}
