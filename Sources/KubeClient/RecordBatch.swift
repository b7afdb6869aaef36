import KubeCache
import PolicyAPI

/// The records of one full LIST, gathered page by page and swapped into the snapshot at once (a relist).
///
/// Items become compact records as each page arrives (pods straight into the cache's compact form, sharing its
/// interned strings), so a LIST of 100,000 pods never holds more than one page of JSON and one compact copy.
struct RecordBatch {
    private enum Records {
        case pods(ClusterSnapshot)
        case servers([ServerRecord])
        case externalWorkloads([ExternalWorkloadRecord])
        case authorizations([AuthorizationRecord])
        case routes([RouteRecord])
    }

    private let kind: ResourceKind

    private var records: Records

    /// An empty batch for `kind`; pods are interned with `strings`, the cache's.
    init(kind: ResourceKind, strings: StringInterner) {
        self.kind = kind
        switch kind {
        case .pods: self.records = .pods(ClusterSnapshot(isSynced: false, strings: strings))
        case .servers: self.records = .servers([])
        case .externalWorkloads: self.records = .externalWorkloads([])
        case .authorizationPolicies, .serverAuthorizations: self.records = .authorizations([])
        case .policyHTTPRoutes, .gatewayHTTPRoutes: self.records = .routes([])
        }
    }

    /// The number of records gathered.
    var count: Int {
        switch self.records {
        case .pods(let pods): return pods.counts.pods
        case .servers(let servers): return servers.count
        case .externalWorkloads(let workloads): return workloads.count
        case .authorizations(let authorizations): return authorizations.count
        case .routes(let routes): return routes.count
        }
    }

    /// Adds a LIST item; items without a name are skipped.
    mutating func append(_ item: JSONValue) {
        switch self.records {
        case .pods(var pods):
            self.records = .servers([])  // keeps `pods` uniquely referenced while it grows
            if let pod = PodRecord(object: item) { pods.apply(pod) }
            self.records = .pods(pods)
        case .servers(var servers):
            self.records = .servers([])
            if let server = ServerRecord(object: item) { servers.append(server) }
            self.records = .servers(servers)
        case .externalWorkloads(var workloads):
            self.records = .externalWorkloads([])
            if let workload = ExternalWorkloadRecord(object: item) { workloads.append(workload) }
            self.records = .externalWorkloads(workloads)
        case .authorizations(var authorizations):
            self.records = .servers([])
            if let authorization = AuthorizationRecord(object: item, kind: self.kind.authorizationKind) {
                authorizations.append(authorization)
            }
            self.records = .authorizations(authorizations)
        case .routes(var routes):
            self.records = .servers([])
            if let route = RouteRecord(object: item, group: self.kind.routeGroup) { routes.append(route) }
            self.records = .routes(routes)
        }
    }

    /// Replaces every cached object of the batch's kind with the batch.
    func reset(into snapshot: inout ClusterSnapshot) {
        switch self.records {
        case .pods(let pods): snapshot.replacePods(with: pods)
        case .servers(let servers): snapshot.resetServers(servers)
        case .externalWorkloads(let workloads): snapshot.resetExternalWorkloads(workloads)
        case .authorizations(let authorizations):
            snapshot.resetAuthorizations(kind: self.kind.authorizationKind, authorizations)
        case .routes(let routes): snapshot.resetRoutes(group: self.kind.routeGroup, routes)
        }
    }
}
