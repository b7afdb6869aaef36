/// A pod as the cache stores it: labels and port names as interned ids, phase as a byte.
struct StoredPod: Sendable {
    /// A declared port with its name interned (`noName` when unnamed).
    struct Port: Sendable, Hashable {
        static let noName = UInt32.max
        var name: UInt32
        var number: Int32
        var isUDP: Bool
    }

    /// An HTTP probe with its path interned: replicas of one workload share the path.
    struct Probe: Sendable, Hashable {
        var path: UInt32
        var port: UInt16
    }

    /// `status.phase`, the values Kubernetes defines plus "none yet".
    enum Phase: UInt8, Sendable {
        case none, pending, running, succeeded, failed, unknown

        init(_ phase: String?) {
            switch phase {
            case nil: self = .none
            case "Pending": self = .pending
            case "Running": self = .running
            case "Succeeded": self = .succeeded
            case "Failed": self = .failed
            default: self = .unknown
            }
        }

        var name: String? {
            switch self {
            case .none: return nil
            case .pending: return "Pending"
            case .running: return "Running"
            case .succeeded: return "Succeeded"
            case .failed: return "Failed"
            case .unknown: return "Unknown"
            }
        }
    }

    var name: String
    var uid: CompactUID
    /// `key id << 32 | value id`, sorted: a binary search finds a key's value.
    var labels: [UInt64]
    var phase: Phase
    /// Whether the pod carries its own default-inbound-policy annotation.
    var hasOwnDefaultPolicy: Bool
    var ports: [Port]
    /// HTTP probes (rule 8b).
    var probes: [Probe]

    var isTerminated: Bool { self.phase == .succeeded || self.phase == .failed }

    /// Takes `sibling`'s label, port and probe storage where it holds the same values. The pods of one ReplicaSet
    /// carry the same labels, ports and probes: sharing one copy of each saves up to three allocations per pod,
    /// most of a pod's memory after its name.
    mutating func share(storageOf sibling: StoredPod) {
        if self.labels == sibling.labels { self.labels = sibling.labels }
        if self.ports == sibling.ports { self.ports = sibling.ports }
        if self.probes == sibling.probes { self.probes = sibling.probes }
    }

    /// A label as `labels` and the label index store it: `key id << 32 | value id`.
    static func labelPair(key: UInt32, value: UInt32) -> UInt64 { UInt64(key) << 32 | UInt64(value) }

    /// The value id of label `key`, if the pod has it.
    func labelValue(_ key: UInt32) -> UInt32? {
        var low = 0
        var high = self.labels.count
        while low < high {
            let middle = (low + high) / 2
            let pairKey = UInt32(truncatingIfNeeded: self.labels[middle] >> 32)
            if pairKey == key { return UInt32(truncatingIfNeeded: self.labels[middle]) }
            if pairKey < key { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    /// The record form, strings looked up again.
    func record(namespace: String, strings: StringInterner) -> PodRecord {
        var labels: [String: String] = [:]
        for pair in self.labels {
            labels[strings.string(UInt32(truncatingIfNeeded: pair >> 32))] = strings.string(UInt32(truncatingIfNeeded: pair))
        }
        return PodRecord(
            namespace: namespace, name: self.name, uid: self.uid.string, labels: labels, phase: self.phase.name,
            ports: self.declaredPorts(strings: strings),
            probes: self.probes.map { HTTPProbe(port: Int($0.port), path: strings.string($0.path)) },
            hasOwnDefaultPolicy: self.hasOwnDefaultPolicy
        )
    }

    /// The declared ports with their names.
    func declaredPorts(strings: StringInterner) -> [DeclaredPort] {
        self.ports.map {
            DeclaredPort(
                name: $0.name == Port.noName ? nil : strings.string($0.name), number: Int($0.number),
                protocol: $0.isUDP ? "UDP" : "TCP"
            )
        }
    }
}

extension PodRecord {
    /// The compact form, interning labels, port names and probe paths.
    func stored(strings: StringInterner) -> StoredPod {
        let labels = self.labels.map { StoredPod.labelPair(key: strings.intern($0.key), value: strings.intern($0.value)) }.sorted()
        let ports = self.ports.map {
            StoredPod.Port(
                name: $0.name.map(strings.intern) ?? StoredPod.Port.noName, number: Int32(clamping: $0.number),
                isUDP: $0.protocol == "UDP"
            )
        }
        return StoredPod(
            name: self.name, uid: CompactUID(self.uid), labels: labels, phase: StoredPod.Phase(self.phase),
            hasOwnDefaultPolicy: self.hasOwnDefaultPolicy, ports: ports,
            probes: self.probes.map { StoredPod.Probe(path: strings.intern($0.path), port: UInt16(clamping: $0.port)) }
        )
    }
}
