import Foundation
import PolicyAPI
import PolicyCore
import Testing

/// The `audit` command as a process against the fake API server: kubeconfig connection, output on standard
/// output, nothing on standard error when it is not a terminal, and the exit statuses 0, 1 and 2.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct AuditCommandLiveTests {
    /// The built executable, next to the test bundle (`swift test` builds it too).
    static var executable: String? {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let path = directory.appendingPathComponent("linkerd-policy-webhook").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// Runs the executable with `arguments`; returns status, standard output and error.
    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        let output = Pipe()
        let errors = Pipe()
        process.executableURL = URL(fileURLWithPath: try #require(Self.executable))
        process.arguments = arguments
        // Never a terminal: an exec plugin is told it cannot prompt.
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Standard error is small; read it after standard output so neither pipe fills up.
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    /// Runs `audit` with `arguments` against the mixed cluster; returns status, standard output and error.
    static func audit(_ arguments: [String], token: String = "secret-token") throws -> (status: Int32, stdout: String, stderr: String) {
        let server = try FakeAPIServer()
        defer { server.stop() }
        AuditCluster.populate(server)
        let kubeconfig = try AuditCluster.kubeconfig(port: server.port, token: token)
        defer { try? FileManager.default.removeItem(atPath: kubeconfig) }
        return try Self.run(["audit", "--kubeconfig", kubeconfig] + arguments)
    }

    @Test func violationsExitWithStatusOne() throws {
        let (status, stdout, stderr) = try Self.audit(["--output", "json"])
        #expect(status == 1)
        #expect(stderr == "")
        let json = try JSONDecoding.decode(Array(stdout.utf8))
        #expect(json["denied"] == .integer(8))
        #expect(json["checked"] == .integer(16))
    }

    @Test func policyReportOutputIsAYAMLStreamOfReports() throws {
        let (status, stdout, _) = try Self.audit(["--output", "policyreport"])
        #expect(status == 1)
        #expect(stdout.hasPrefix("---\napiVersion: wgpolicyk8s.io/v1alpha2\nkind: ClusterPolicyReport\n"), "\(stdout.prefix(200))")
        #expect(stdout.components(separatedBy: "\n---\n").count == 3)
    }

    @Test func cleanSelectionExitsWithStatusZero() throws {
        let (status, stdout, _) = try Self.audit(["--kind", "NetworkAuthentication", "--namespace", "shop"])
        #expect(status == 0)
        #expect(stdout == "0 objects checked, 0 denied, 0 with warnings, 0 overlapping Server pairs\n")
    }

    @Test func refusedCredentialsExitWithStatusTwo() throws {
        let (status, stdout, stderr) = try Self.audit([], token: "stale")
        #expect(status == 2)
        #expect(stdout == "")
        #expect(stderr.hasPrefix("error: 401 Unauthorized from localhost:"), "\(stderr)")
    }

    @Test func unknownContextExitsWithStatusTwo() throws {
        let (status, _, stderr) = try Self.audit(["--context", "prod"])
        #expect(status == 2)
        #expect(stderr == "error: the kubeconfig has no context \"prod\"\n")
    }

    // MARK: - The README's excerpt

    /// The README, whose `audit` section shows an excerpt of `textOfTheMixedCluster`.
    static let readme = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("README.md").path

    /// What `audit` prints for the whole mixed cluster.
    static let textOfTheMixedCluster = """
        violations:
          AuthorizationPolicy shop/bad-policy (policy.linkerd.io/v1alpha1):
            - spec.targetRef: unsupported targetRef kind Pod.policy.linkerd.io; must be a policy.linkerd.io Server or HTTPRoute, a gateway.networking.k8s.io HTTPRoute or GRPCRoute, or the policy's own Namespace [semantic]
          Deployment shop/web (apps/v1):
            - spec.template.metadata.annotations[config.linkerd.io/default-inbound-policy]: invalid value "allow-everything"; must be one of all-unauthenticated, all-authenticated, cluster-authenticated, cluster-unauthenticated, deny, audit (case-sensitive) [annotation]
          MeshTLSAuthentication shop/bad-authn (policy.linkerd.io/v1alpha1):
            - spec.identities: is empty; list at least one identity [semantic]
          Namespace other (v1):
            - metadata.annotations[config.linkerd.io/default-inbound-policy]: invalid value "deny-all"; must be one of all-unauthenticated, all-authenticated, cluster-authenticated, cluster-unauthenticated, deny, audit (case-sensitive) [annotation]
          NetworkAuthentication other/bad-net (policy.linkerd.io/v1alpha1):
            - spec.networks[0].cidr: invalid cidr "10.0.0.0/33"; must be an IPv4 or IPv6 address with an optional /prefix (at most 32 for IPv4, 128 for IPv6) [semantic]
          Server other/api (policy.linkerd.io/v1beta3):
            - spec.port: port 70000 is out of range; must be 1-65535 or a container port name [schema]
          Server shop/web (policy.linkerd.io/v1beta3):
            - spec: Server "web" would select pod web-1/8080, already selected by Server "web-http"; each pod port may be selected by one Server only: change the selector or port, or delete the other Server [overlap]
          Server shop/web-http (policy.linkerd.io/v1beta3):
            - spec: Server "web-http" would select pod web-1/8080, already selected by Server "web"; each pod port may be selected by one Server only: change the selector or port, or delete the other Server [overlap]
        overlapping Servers (Linkerd applies the first named):
          shop: web over web-http on web-1/8080, web-2/8080, web-3/8080
        warnings:
          Server shop/admin: spec.port: port 9990 is not declared by any of the 3 selected pods (e.g. web-1)
          Server shop/admin: may overlap Server "web-http" on port http; Linkerd applies admin to pods both select
          Server shop/web-http: may overlap Server "admin" on port 9990; Linkerd applies admin to pods both select
        not served (CRD not installed, skipped):
          ServerAuthorization.policy.linkerd.io
          HTTPRoute.policy.linkerd.io
          HTTPRoute.gateway.networking.k8s.io
          EgressNetwork.policy.linkerd.io
          HTTPLocalRateLimitPolicy.policy.linkerd.io
          GRPCRoute.gateway.networking.k8s.io
          TLSRoute.gateway.networking.k8s.io
          TCPRoute.gateway.networking.k8s.io
        16 objects checked, 8 denied, 2 with warnings, 1 overlapping Server pair

        """

    @Test func textOfTheMixedClusterIsTheREADMEExcerpt() throws {
        let (status, stdout, stderr) = try Self.audit([])
        #expect(status == 1)
        #expect(stderr == "")
        #expect(stdout == Self.textOfTheMixedCluster)
        // The README's block after `$ linkerd-policy-webhook audit`: the output's lines in order, "..." for lines left out.
        let text = try String(contentsOfFile: Self.readme, encoding: .utf8)
        let block = try #require(text.components(separatedBy: "$ linkerd-policy-webhook audit --kubeconfig ~/.kube/config\n").dropFirst().first)
        let excerpt = block.components(separatedBy: "\n```").first ?? ""
        var remaining = stdout.split(separator: "\n", omittingEmptySubsequences: false)[...]
        var skipping = false
        for line in excerpt.split(separator: "\n") {
            if line.trimmingCharacters(in: .whitespaces) == "..." {
                skipping = true
                continue
            }
            if skipping {
                let found = try #require(remaining.firstIndex(of: line), "README line not in the output: \(line)")
                remaining = remaining[found...]
            } else {
                #expect(remaining.first == line, "README line \(line) is not the next output line")
            }
            remaining = remaining.dropFirst()
            skipping = false
        }
        #expect(remaining == [""] || skipping, "the README excerpt stops before the output's last line")
    }

    @Test func printResourcesListsEveryCollectionWithoutACluster() throws {
        let (status, stdout, stderr) = try Self.run(["audit", "--print-resources", "--output", "json"])
        #expect(status == 0)
        #expect(stderr == "")
        let collections = try #require(try JSONDecoding.decode(Array(stdout.utf8)).arrayValue)
        // Every kind the webhook validates, and the ExternalWorkloads the overlap rule reads first.
        #expect(collections.count == KindRegistry.standard.kinds.count + 1)
        #expect(collections.first == AuditCluster.json(
            #"{"group":"workload.linkerd.io","resource":"externalworkloads","kind":"ExternalWorkload","versions":["v1beta1"]}"#))
        let (_, servers, _) = try Self.run(["audit", "--print-resources", "--kind", "NetworkAuthentication"])
        #expect(servers == "networkauthentications.policy.linkerd.io\tv1alpha1\n")
    }
}
