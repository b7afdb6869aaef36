/// In-cluster configuration: the pod's service account and the `kubernetes` Service environment.
extension APIServerConfiguration {
    /// Where kubelet mounts the service account token, CA bundle and namespace.
    package static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// Reads the in-cluster configuration: `KUBERNETES_SERVICE_HOST`/`_PORT`, the CA bundle, and the token file
    /// (re-read on change, since bound tokens rotate).
    ///
    /// - Parameters:
    ///   - environment: the process environment (injected for tests).
    ///   - directory: the service account directory (injected for tests).
    package static func inCluster(
        environment: [String: String], directory: String = Self.serviceAccountDirectory
    ) throws(KubeClientError) -> Self {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
            let portText = environment["KUBERNETES_SERVICE_PORT"], !portText.isEmpty
        else {
            throw .configuration(
                "KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set: not running in a cluster; "
                    + "pass --kubeconfig"
            )
        }
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw .configuration("KUBERNETES_SERVICE_PORT \"\(portText)\" is not a port number")
        }
        let tokenPath = directory + "/token"
        guard LocalFile.fingerprint(tokenPath) != nil else {
            throw .configuration("no service account token at \(tokenPath) (automountServiceAccountToken false?)")
        }
        let caBundle = try LocalFile.read(directory + "/ca.crt")
        let namespace = (try? LocalFile.read(directory + "/namespace")).map {
            String(decoding: $0, as: UTF8.self).trimmingWhitespace()
        }
        // Brackets are not part of an IPv6 literal in the environment, but tolerate them.
        let bareHost = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return Self(
            host: bareHost,
            port: port,
            certificateAuthorityPEM: caBundle,
            bearerToken: .file(tokenPath),
            namespace: namespace
        )
    }
}
