import KubeCache
import PolicyAPI

/// The records of one full LIST, gathered page by page and swapped into the snapshot at once (a relist).
///
/// Items become compact records as each page arrives, so a LIST of 100,000 pods never holds more than one page
/// of JSON trees.
struct RecordBatch {
    private enum Records {
        case pods([PodRecord])
        case servers([ServerRecord])
        case externalWorkloads([ExternalWorkloadRecord])
    }

    private var records: Records

    /// An empty batch for `kind`.
    init(kind: ResourceKind) {
        switch kind {
        case .pods: self.records = .pods([])
        case .servers: self.records = .servers([])
        case .externalWorkloads: self.records = .externalWorkloads([])
        }
    }

    /// The number of records gathered.
    var count: Int {
        switch self.records {
        case .pods(let pods): return pods.count
        case .servers(let servers): return servers.count
        case .externalWorkloads(let workloads): return workloads.count
        }
    }

    /// Adds a LIST item; items without a name are skipped.
    mutating func append(_ item: JSONValue, interner: inout StringInterner) {
        switch self.records {
        case .pods(var pods):
            self.records = .pods([])  // keeps `pods` uniquely referenced while it grows
            if let pod = PodRecord(object: item) { pods.append(interner.intern(pod)) }
            self.records = .pods(pods)
        case .servers(var servers):
            self.records = .servers([])
            if let server = ServerRecord(object: item) { servers.append(server) }
            self.records = .servers(servers)
        case .externalWorkloads(var workloads):
            self.records = .externalWorkloads([])
            if let workload = ExternalWorkloadRecord(object: item) { workloads.append(workload) }
            self.records = .externalWorkloads(workloads)
        }
    }

    /// Replaces every cached object of the batch's kind with the batch.
    func reset(into snapshot: inout ClusterSnapshot) {
        switch self.records {
        case .pods(let pods): snapshot.resetPods(pods)
        case .servers(let servers): snapshot.resetServers(servers)
        case .externalWorkloads(let workloads): snapshot.resetExternalWorkloads(workloads)
        }
    }
}
