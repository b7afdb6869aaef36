import ArgumentParser
import KubeClient
import PolicyAPI
import PolicyCore
import WebhookRuntime

#if canImport(Glibc)
import Glibc
#endif

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `linkerd-policy-webhook audit`: every existing violation and Server overlap of a live cluster.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check every policy object of a live cluster with the webhook's rules, and list overlapping Servers.",
        discussion: """
            Each object is judged as a CREATE against the rest of the cluster's state, with the rules `serve` and \
            `check` use. Exit status: 0 when nothing would be denied, 1 when violations were found, 2 when the \
            cluster could not be read.
            Example: linkerd-policy-webhook audit --kubeconfig ~/.kube/config --namespace shop --output json
            """
    )

    /// Output formats.
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
        /// wgpolicyk8s.io/v1alpha2 PolicyReports (and a ClusterPolicyReport) as YAML for `kubectl apply -f -`.
        case policyreport
    }

    @Option(help: "Kubeconfig of the cluster to audit (exec credential plugins may prompt when standard input is a terminal). Without it, the in-cluster service account is used.")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context to use instead of its current-context.")
    var context: String?

    @Option(name: .customLong("namespace"), help: "Audit only this namespace. Repeatable.")
    var namespaces: [String] = []

    @Option(name: .customLong("kind"), help: "Audit only this kind (Server, httproutes, servers.policy.linkerd.io...). Repeatable.")
    var kinds: [String] = []

    @Option(help: "Output format: text, json, or policyreport (wgpolicyk8s.io/v1alpha2 YAML for kubectl apply -f -).")
    var output: OutputFormat = .text

    @Option(help: "Objects per LIST page.")
    var pageSize = 500

    @Flag(help: "Print the collections the audit lists (its RBAC role needs \"list\" on each) and exit, offline.")
    var printResources = false

    func validate() throws {
        if self.context != nil && self.kubeconfig == nil { throw ValidationError("--context needs --kubeconfig") }
        if !(1...5000).contains(self.pageSize) { throw ValidationError("--page-size must be between 1 and 5000") }
        if self.printResources && self.output == .policyreport {
            throw ValidationError("--print-resources prints text or json, not policyreport")
        }
        if let bad = self.namespaces.first(where: { $0.isEmpty || $0.count > 63 || $0.contains("/") }) {
            throw ValidationError("--namespace \"\(bad)\" is not a namespace name")
        }
    }

    func run() throws {
        let plan: AuditPlan
        do {
            plan = try AuditPlan(kinds: self.kinds)
        } catch {
            CheckCommand.fail("\(error)")
        }
        if self.printResources {
            print(self.output == .json ? Self.resourcesJSON(plan) : Self.resourcesText(plan), terminator: "")
            return
        }
        let client: APIServerClient
        do throws(KubeClientError) {
            var configuration: APIServerConfiguration
            if let path = self.kubeconfig {
                configuration = try APIServerConfiguration.kubeconfig(path: path, context: self.context)
                // A person may be at the terminal: an exec plugin that asks to may prompt (kubelogin, SSO).
                configuration.execPlugin?.allowsInteraction = true
            } else {
                configuration = try APIServerConfiguration.inCluster(environment: ProcessInfo.processInfo.environment)
            }
            client = try APIServerClient(configuration: configuration)
        } catch {
            CheckCommand.fail(AuditFailure(configuration: error).description)
        }
        let auditor = ClusterAuditor(
            client: client, plan: plan, namespaces: self.namespaces, lister: CollectionLister(pageSize: self.pageSize))
        let showsProgress = isatty(STDERR_FILENO) == 1
        let result: ClusterAuditor.Result
        do {
            result = try auditor.run(progress: { line in
                if showsProgress { Self.writeStandardError("\(line)\n") }
            })
        } catch {
            CheckCommand.fail(error.description)
        }
        let report = AuditReport(result: result)
        switch self.output {
        case .text: print(report.text, terminator: "")
        case .json: print(report.json, terminator: "")
        case .policyreport:
            let reports = AuditPolicyReport(result: result, timestamp: Int64(Date().timeIntervalSince1970))
            do {
                print(try reports.yaml, terminator: "")
            } catch {
                CheckCommand.fail("cannot write the PolicyReport YAML: \(error)")
            }
        }
        if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
    }

    /// One `resource.group` (`resource` for the core group) and its versions, tab-separated, per collection.
    static func resourcesText(_ plan: AuditPlan) -> String {
        plan.collections.map { "\($0.qualifiedResource)\t\($0.versions.joined(separator: ","))\n" }.joined()
    }

    /// `[{"group":...,"resource":...,"kind":...,"versions":[...]}]`, in the order the audit lists them.
    static func resourcesJSON(_ plan: AuditPlan) -> String {
        KindListJSON.text(
            plan.collections.map { .init(group: $0.group, resource: $0.resource, kind: $0.kind, versions: $0.versions) }) + "\n"
    }

    /// Writes to standard error unbuffered.
    static func writeStandardError(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
