import KubeCache
import KubeClient
import PolicyAPI
import PolicyCore

/// Runs `audit` against a live API server: lists the plan's collections page by page, builds the cluster state
/// the overlap rule and the traffic-impact warnings read, and judges every object through `ClusterAudit`.
///
/// Objects are judged page by page and dropped, except those the plan marks `needsCompleteState` (Servers and
/// routes), which are kept until every collection has been read.
package struct ClusterAuditor {
    /// What a collection's LIST found.
    package struct CollectionResult: Sendable, Hashable {
        package var group: String
        package var kind: String
        /// The version listed; nil when the cluster serves none of the known versions (CRD not installed).
        package var version: String?
        package var count: Int
    }

    /// Everything an audit found.
    package struct Result: Sendable {
        package var collections: [CollectionResult]
        /// Findings sorted by kind, namespace and name.
        package var findings: [ClusterAudit.Finding]
        /// Existing Server overlaps (empty when Servers were not audited).
        package var overlaps: [ExistingOverlaps.Overlap]
        /// Objects judged (of the judged collections).
        package var checked: Int
        /// Objects judged per namespace ("" for cluster-scoped ones).
        package var checkedByNamespace: [String: Int]
    }

    package let client: APIServerClient
    package let plan: AuditPlan
    /// The namespaces to audit; empty means every namespace.
    package let namespaces: [String]
    package let audit: ClusterAudit
    package let lister: CollectionLister

    package init(
        client: APIServerClient, plan: AuditPlan, namespaces: [String] = [],
        audit: ClusterAudit = ClusterAudit(controller: AdmissionController()), lister: CollectionLister = CollectionLister()
    ) {
        self.client = client
        self.plan = plan
        self.namespaces = Array(Set(namespaces)).sorted()
        self.audit = audit
        self.lister = lister
    }

    /// Lists and judges everything; `progress` receives one line per collection listed and when judging ends.
    package func run(progress: (String) -> Void = { _ in }) throws(AuditFailure) -> Result {
        let session = self.client.makeSession(stop: StopSignal())
        defer { session.reset() }
        var snapshot = ClusterSnapshot()
        var findings: [ClusterAudit.Finding] = []
        var pending: [(AuditPlan.Collection, String, JSONValue)] = []
        var results: [CollectionResult] = []
        var checked = 0
        var checkedByNamespace: [String: Int] = [:]
        for collection in self.plan.collections {
            var listedVersion: String?
            var count = 0
            versions: for version in collection.versions {
                var scopes: [String?] = self.namespaces.isEmpty || collection.isClusterScoped ? [nil] : self.namespaces
                scopes = scopes.isEmpty ? [nil] : scopes
                for namespace in scopes {
                    var kept: [ClusterAudit.Finding] = []
                    var keptObjects: [(AuditPlan.Collection, String, JSONValue)] = []
                    var keptCount = 0
                    var keptByNamespace: [String: Int] = [:]
                    // What this pass added to the state, taken back if the LIST restarts (its continue token
                    // expired): an object deleted meanwhile must not stay in the state the rules read.
                    var recorded: [StateKey] = []
                    let path = collection.path(version: version, namespace: namespace)
                    let outcome: CollectionLister.Outcome
                    do throws(KubeClientError) {
                        outcome = try self.lister.list(
                            path, session: session,
                            onRestart: {
                                for key in recorded {
                                    Self.forget(key, role: collection.stateRole, group: collection.group, kind: collection.kind, in: &snapshot)
                                }
                                recorded = []
                                kept = []
                                keptObjects = []
                                keptCount = 0
                                keptByNamespace = [:]
                            },
                            onPage: { items in
                                for item in items where self.isIncluded(item, collection: collection) {
                                    keptCount += 1
                                    if let key = Self.record(
                                        item, role: collection.stateRole, group: collection.group, kind: collection.kind,
                                        into: &snapshot)
                                    {
                                        recorded.append(key)
                                    }
                                    guard collection.isJudged else { continue }
                                    let scope = collection.isClusterScoped ? "" : (item["metadata"]?["namespace"]?.stringValue ?? "")
                                    keptByNamespace[scope, default: 0] += 1
                                    if collection.needsCompleteState {
                                        keptObjects.append((collection, version, item))
                                    } else if let finding = self.audit.judge(
                                        item, group: collection.group, version: version, kind: collection.kind,
                                        snapshot: snapshot)
                                    {
                                        kept.append(finding)
                                    }
                                }
                            })
                    } catch {
                        throw AuditFailure(error, listing: collection, path: path, namespace: namespace, server: self.client.configuration)
                    }
                    if outcome == .notServed {
                        // A namespaced path of a served version is never 404, so this version is not served.
                        continue versions
                    }
                    findings += kept
                    pending += keptObjects
                    count += keptCount
                    checkedByNamespace.merge(keptByNamespace, uniquingKeysWith: +)
                }
                listedVersion = version
                break
            }
            if collection.isJudged { checked += count }
            results.append(CollectionResult(group: collection.group, kind: collection.kind, version: listedVersion, count: count))
            progress(
                listedVersion.map { "listed \(count) \(collection.qualifiedResource) (\($0))" }
                    ?? "\(collection.qualifiedResource): not served by this cluster (CRD not installed); skipped")
        }
        for (collection, version, object) in pending {
            if let finding = self.audit.judge(object, group: collection.group, version: version, kind: collection.kind, snapshot: snapshot) {
                findings.append(finding)
            }
        }
        findings.sort { ($0.kind, $0.namespace, $0.name) < ($1.kind, $1.namespace, $1.name) }
        let overlaps = self.plan.reportsOverlaps ? ExistingOverlaps.find(in: snapshot) : []
        progress("checked \(checked) objects: \(findings.filter(\.isDenied).count) denied, \(overlaps.count) overlaps")
        return Result(
            collections: results, findings: findings, overlaps: overlaps, checked: checked,
            checkedByNamespace: checkedByNamespace)
    }

    /// Whether a listed object is in scope: Namespaces by name when namespaces are given, others by the path.
    private func isIncluded(_ object: JSONValue, collection: AuditPlan.Collection) -> Bool {
        guard collection.isClusterScoped, !self.namespaces.isEmpty else { return true }
        return object["metadata"]?["name"]?.stringValue.map(self.namespaces.contains) == true
    }

    /// Where an object recorded in the state lives.
    private struct StateKey {
        var namespace: String
        var name: String
    }

    /// Adds a Pod, Server, ExternalWorkload, authorization or route to the state the rules read; `group` and `kind`
    /// are the collection's (a LIST item may carry neither). Returns where it was recorded, nil when it was not.
    private static func record(
        _ object: JSONValue, role: AuditPlan.StateRole, group: String, kind: String, into snapshot: inout ClusterSnapshot
    ) -> StateKey? {
        switch role {
        case .none:
            return nil
        case .pods:
            guard let pod = PodRecord(object: object) else { return nil }
            snapshot.apply(pod)
            return StateKey(namespace: pod.namespace, name: pod.name)
        case .servers:
            guard let server = ServerRecord(object: object) else { return nil }
            snapshot.apply(server)
            return StateKey(namespace: server.namespace, name: server.name)
        case .externalWorkloads:
            guard let workload = ExternalWorkloadRecord(object: object) else { return nil }
            snapshot.apply(workload)
            return StateKey(namespace: workload.namespace, name: workload.name)
        case .authorizations:
            guard let authorization = AuthorizationRecord(object: object, kind: AuthorizationRecord.Kind(rawValue: kind)) else {
                return nil
            }
            snapshot.apply(authorization)
            return StateKey(namespace: authorization.namespace, name: authorization.name)
        case .routes:
            guard let route = RouteRecord(object: object, group: group) else { return nil }
            snapshot.apply(route)
            return StateKey(namespace: route.namespace, name: route.name)
        }
    }

    /// Takes back what `record` added at `key`.
    private static func forget(
        _ key: StateKey, role: AuditPlan.StateRole, group: String, kind: String, in snapshot: inout ClusterSnapshot
    ) {
        switch role {
        case .none: return
        case .pods: snapshot.deletePod(namespace: key.namespace, name: key.name)
        case .servers: snapshot.deleteServer(namespace: key.namespace, name: key.name)
        case .externalWorkloads: snapshot.deleteExternalWorkload(namespace: key.namespace, name: key.name)
        case .authorizations:
            guard let kind = AuthorizationRecord.Kind(rawValue: kind) else { return }
            snapshot.deleteAuthorization(namespace: key.namespace, kind: kind, name: key.name)
        case .routes: snapshot.deleteRoute(namespace: key.namespace, group: group, name: key.name)
        }
    }
}
