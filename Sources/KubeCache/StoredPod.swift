/// A pod as the cache stores it: labels and port names as interned ids, phase as a byte.
struct StoredPod: Sendable {
    /// A declared port with its name interned (`noName` when unnamed).
    struct Port: Sendable, Hashable {
        static let noName = UInt32.max
        var name: UInt32
        var number: Int32
        var isUDP: Bool
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

    // Declared in this order so the small fields fill the bytes after the uid, which is not a multiple of the
    // alignment: the slot array stays a word per pod smaller (`StoredPodLayoutTests`).
    var name: String
    var uid: CompactUID
    var phase: Phase
    /// Whether the pod carries its own default-inbound-policy annotation.
    var hasOwnDefaultPolicy: Bool
    /// The HTTP probes (rule 8b) as one interned string (`probeText`), `Port.noName` for none: the replicas of a
    /// workload share it, so probes cost one string id a pod.
    var probes: UInt32
    /// `key id << 32 | value id`, sorted: a binary search finds a key's value.
    var labels: [UInt64]
    var ports: [Port]

    var isTerminated: Bool { self.phase == .succeeded || self.phase == .failed }

    /// Takes `sibling`'s label and port storage where it holds the same values. The pods of one ReplicaSet carry the
    /// same labels and ports: sharing one copy of each saves two allocations per pod, most of a pod's memory after
    /// its name (their probes are one interned string already).
    mutating func share(storageOf sibling: StoredPod) {
        if self.labels == sibling.labels { self.labels = sibling.labels }
        if self.ports == sibling.ports { self.ports = sibling.ports }
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
            probes: self.probes == Port.noName ? [] : Self.probes(fromText: strings.string(self.probes)),
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
            name: self.name, uid: CompactUID(self.uid), phase: StoredPod.Phase(self.phase),
            hasOwnDefaultPolicy: self.hasOwnDefaultPolicy,
            probes: self.probes.isEmpty ? StoredPod.Port.noName : strings.intern(StoredPod.probeText(self.probes)),
            labels: labels, ports: ports
        )
    }
}

// MARK: - Probes as one string

extension StoredPod {
    /// `<port>:<path byte count>:<path>` for each probe, in order: length-prefixed, so any path survives.
    static func probeText(_ probes: [HTTPProbe]) -> String {
        var text = ""
        for probe in probes { text += "\(probe.port):\(probe.path.utf8.count):\(probe.path)" }
        return text
    }

    /// The probes `probeText` wrote; stops at the first malformed entry (none is ever written).
    static func probes(fromText text: String) -> [HTTPProbe] {
        var probes: [HTTPProbe] = []
        var rest = Substring(text).utf8[...]
        func number() -> Int? {
            guard let colon = rest.firstIndex(of: UInt8(ascii: ":")), let value = Int(String(Substring(rest[..<colon]))) else {
                return nil
            }
            rest = rest[rest.index(after: colon)...]
            return value
        }
        while !rest.isEmpty, let port = number(), let count = number(), count <= rest.count {
            let end = rest.index(rest.startIndex, offsetBy: count)
            probes.append(HTTPProbe(port: port, path: String(Substring(rest[..<end]))))
            rest = rest[end...]
        }
        return probes
    }
}
