import Foundation
import KubeClient

/// A shell-script exec credential plugin in a temporary directory, for the live tests.
///
/// Each run appends a line to `runs` (so tests count runs from a fact, not from timing), saves its
/// `KUBERNETES_EXEC_INFO` and `PLUGIN_GREETING` variables, then does `body`; the default body prints the file
/// `response-<run>` if there is one, else `response`.
struct ExecPluginFixture {
    let directory: String
    var scriptPath: String { self.directory + "/plugin" }

    static let printsResponse = """
        n=$(wc -l < "$DIR/runs" | tr -d ' ')
        if [ -f "$DIR/response-$n" ]; then cat "$DIR/response-$n"; else cat "$DIR/response"; fi
        """

    /// Writes the plugin script with `body`, and `response` as the default response when given.
    init(body: String = Self.printsResponse, response: String? = nil) throws {
        self.directory = NSTemporaryDirectory() + "lpw-exec-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: self.directory, withIntermediateDirectories: true)
        let script = """
            #!/bin/sh
            DIR='\(self.directory)'
            echo run >> "$DIR/runs"
            printf '%s' "$KUBERNETES_EXEC_INFO" > "$DIR/exec-info"
            printf '%s' "$PLUGIN_GREETING" > "$DIR/greeting"
            \(body)

            """
        try self.write("plugin", script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: self.scriptPath)
        if let response { try self.write("response", response) }
    }

    /// Writes a file of the plugin's directory.
    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: self.directory + "/" + name, atomically: true, encoding: .utf8)
    }

    /// A file of the plugin's directory, "" when absent.
    func read(_ name: String) -> String {
        (try? String(contentsOfFile: self.directory + "/" + name, encoding: .utf8)) ?? ""
    }

    /// How many times the plugin has run.
    var runs: Int { self.read("runs").split(separator: "\n").count }

    func remove() {
        try? FileManager.default.removeItem(atPath: self.directory)
    }

    /// The plugin's configuration for user `tester`, speaking `apiVersion`.
    func configuration(
        apiVersion: ExecCredential.APIVersion = .v1, timeout: Duration = .seconds(30), installHint: String? = nil
    ) -> ExecPluginConfiguration {
        ExecPluginConfiguration(
            user: "tester", apiVersion: apiVersion, command: .path(self.scriptPath),
            environment: [.init(name: "PLUGIN_GREETING", value: "hello from the kubeconfig")], installHint: installHint,
            interactiveMode: .never, timeout: timeout)
    }

    /// A client of the fake server on `port` authenticating with `plugin` only.
    static func client(port: Int, plugin: ExecPluginConfiguration) throws -> APIServerClient {
        try APIServerClient(
            configuration: APIServerConfiguration(
                host: "localhost", port: port, certificateAuthorityPEM: TestPKI.shared.caPEM, execPlugin: plugin,
                connectTimeout: .seconds(5), readIdleTimeout: .seconds(10)))
    }

    // MARK: - Responses

    /// A token response.
    static func token(_ token: String, apiVersion: ExecCredential.APIVersion = .v1, expiry: String? = nil) -> String {
        let expiration = expiry.map { #","expirationTimestamp":"\#($0)""# } ?? ""
        return #"{"apiVersion":"\#(apiVersion.rawValue)","kind":"ExecCredential","status":{"token":"\#(token)"\#(expiration)}}"#
    }

    /// A client certificate response with the test PKI's certificate and key of `name`.
    static func certificate(_ name: String, expiry: String? = nil) throws -> String {
        let pki = TestPKI.shared
        let certificate = try String(contentsOfFile: pki.clientCertificatePath(name), encoding: .utf8)
        let key = try String(contentsOfFile: pki.clientKeyPath(name), encoding: .utf8)
        let expiration = expiry.map { #","expirationTimestamp":"\#($0)""# } ?? ""
        return #"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"clientCertificateData":"\#(certificate.jsonEscaped)","clientKeyData":"\#(key.jsonEscaped)"\#(expiration)}}"#
    }
}

/// Runs blocking `body` on a thread of its own and returns its result: exec plugins run only off the concurrency
/// pool, as the reflectors and the `audit` command run them.
func onDedicatedThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread {
            continuation.resume(with: Result { try body() })
        }.start()
    }
}

extension String {
    /// The text as the inside of a JSON string (line breaks escaped; PEM has no other special character).
    fileprivate var jsonEscaped: String {
        self.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\\n")
    }
}
