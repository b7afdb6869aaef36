import Foundation

/// A throwaway CA, a server certificate for `localhost`/127.0.0.1 and two client certificates (CN `exec-user`,
/// which the fake API server accepts, and CN `stranger`, which it refuses), made with the openssl CLI in a temp dir.
struct TestPKI: Sendable {
    let directory: String
    var caCertificatePath: String { self.directory + "/ca.crt" }
    var serverCertificatePath: String { self.directory + "/server.crt" }
    var serverKeyPath: String { self.directory + "/server.key" }
    /// The client certificate and key of `CN=<name>` (`exec-user` or `stranger`).
    func clientCertificatePath(_ name: String) -> String { self.directory + "/\(name).crt" }
    func clientKeyPath(_ name: String) -> String { self.directory + "/\(name).key" }

    /// The PEM of the CA certificate.
    var caPEM: [UInt8] { Array((try? Data(contentsOf: URL(fileURLWithPath: self.caCertificatePath))) ?? Data()) }

    /// Generated once per test process (RSA 2048 takes a moment); every fake server shares it.
    static let shared: TestPKI = {
        let directory = NSTemporaryDirectory() + "lpw-kubeclient-pki-\(getpid())"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let script = """
            set -e
            cd '\(directory)'
            cat > san.cnf <<'CNF'
            subjectAltName=DNS:localhost,IP:127.0.0.1
            CNF
            openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt \
              -days 2 -subj '/CN=lpw-test-ca' 2>/dev/null
            openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key -out server.csr \
              -subj '/CN=localhost' 2>/dev/null
            openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 \
              -extfile san.cnf 2>/dev/null
            echo 'extendedKeyUsage=clientAuth' > client.cnf
            for name in exec-user stranger; do
              openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $name.key -out $name.csr \
                -subj "/CN=$name" 2>/dev/null
              openssl x509 -req -in $name.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out $name.crt -days 2 \
                -extfile client.cnf 2>/dev/null
            done
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        try? process.run()
        process.waitUntilExit()
        return TestPKI(directory: directory)
    }()
}
