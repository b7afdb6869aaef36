import PolicyAPI

// Extraction of cache records from Kubernetes objects (inventory files, LIST and WATCH bodies). Lenient: a field
// of the wrong type is left out rather than failing the whole object, since the cache must follow the cluster.

extension PodRecord {
    /// Reads a Pod object; nil without metadata.name.
    package init?(object: JSONValue) {
        guard let metadata = object["metadata"], let name = metadata["name"]?.stringValue else { return nil }
        var ports: [DeclaredPort] = []
        var probes: [HTTPProbe] = []
        for key in ["initContainers", "containers"] {
            for container in object["spec"]?[key]?.arrayValue ?? [] {
                // Init containers count only as native sidecars (restartPolicy Always), which keep running.
                if key == "initContainers" && container["restartPolicy"]?.stringValue != "Always" { continue }
                ports += DeclaredPort.list(container["ports"])
                probes += HTTPProbe.list(ofContainer: container)
            }
        }
        self.init(
            namespace: metadata["namespace"]?.stringValue ?? "",
            name: name,
            uid: metadata["uid"]?.stringValue ?? "",
            labels: JSONValue.stringMap(metadata["labels"]),
            phase: object["status"]?["phase"]?.stringValue,
            ports: ports,
            probes: Array(probes.prefix(TrafficRecordLimits.maximumProbes)),
            hasOwnDefaultPolicy: metadata["annotations"]?[Self.defaultPolicyAnnotation]?.stringValue != nil
        )
    }
}

extension ExternalWorkloadRecord {
    /// Reads an ExternalWorkload object (workload.linkerd.io); nil without metadata.name.
    package init?(object: JSONValue) {
        guard let metadata = object["metadata"], let name = metadata["name"]?.stringValue else { return nil }
        self.init(
            namespace: metadata["namespace"]?.stringValue ?? "",
            name: name,
            uid: metadata["uid"]?.stringValue ?? "",
            labels: JSONValue.stringMap(metadata["labels"]),
            ports: DeclaredPort.list(object["spec"]?["ports"], numberKey: "port")
        )
    }
}

extension ServerRecord {
    /// The annotation that exempts a Server's overlaps (for tools that rename by create-then-delete).
    package static let allowOverlapAnnotation = "linkerd-policy-webhook/allow-overlap"
    /// The Helm annotations naming the release that owns a Server.
    package static let helmReleaseNameAnnotation = "meta.helm.sh/release-name"
    package static let helmReleaseNamespaceAnnotation = "meta.helm.sh/release-namespace"
    /// The label naming the ApplySet a Server belongs to.
    package static let applySetLabel = "applyset.kubernetes.io/part-of"
    /// The annotations `init(object:)` reads, and the label the overlap rule reads (`init(object:)` keeps every
    /// label, so a read plan of a Server keeps them all).
    package static let readAnnotations = [allowOverlapAnnotation, helmReleaseNameAnnotation, helmReleaseNamespaceAnnotation]
    package static let readLabels = [applySetLabel]

    /// Reads a Server object (any served version); nil without metadata.name.
    package init?(object: JSONValue) {
        guard let metadata = object["metadata"], let name = metadata["name"]?.stringValue else { return nil }
        // Three annotations matter: read them, not the whole map. The labels are kept whole: a ServerAuthorization
        // selects Servers by them (rule 8).
        let annotations = metadata["annotations"]
        let annotation = { (key: String) in annotations?[key]?.stringValue }
        let spec = object["spec"]
        var selector: ServerSelector?
        if let podSelector = spec?.presentMember("podSelector") {
            selector = LabelSelector(json: podSelector).map(ServerSelector.pods)
        } else if let workloadSelector = spec?.presentMember("externalWorkloadSelector") {
            selector = LabelSelector(json: workloadSelector).map(ServerSelector.externalWorkloads)
        }
        var helmRelease: HelmRelease?
        if let releaseName = annotation(Self.helmReleaseNameAnnotation),
            let releaseNamespace = annotation(Self.helmReleaseNamespaceAnnotation)
        {
            helmRelease = HelmRelease(name: releaseName, namespace: releaseNamespace)
        }
        self.init(
            namespace: metadata["namespace"]?.stringValue ?? "",
            name: name,
            uid: metadata["uid"]?.stringValue ?? "",
            creationTimestamp: metadata["creationTimestamp"]?.stringValue,
            selector: selector,
            port: spec?["port"].flatMap(ServerPort.init(json:)),
            helmRelease: helmRelease,
            applySet: metadata["labels"]?[Self.applySetLabel]?.stringValue,
            allowsOverlap: annotation(Self.allowOverlapAnnotation) == "true",
            labels: JSONValue.stringMap(metadata["labels"]),
            accessPolicy: spec?["accessPolicy"]?.stringValue
        )
    }
}

extension ServerPort {
    /// Reads a Server port: an integer 1-65535 or a non-empty string; nil otherwise.
    package init?(json: JSONValue) {
        switch json {
        case .integer(let number) where (1...65535).contains(number): self = .number(Int(number))
        case .string(let name) where !name.isEmpty: self = .name(name)
        default: return nil
        }
    }
}

extension LabelSelector {
    /// Reads a label selector leniently; nil when it is not an object or an expression is unusable.
    package init?(json: JSONValue) {
        guard let (expressions, labels) = LabelSelectorJSON.parts(json) else { return nil }
        var requirements: [Requirement] = []
        requirements.reserveCapacity(expressions.count)
        for entry in expressions {
            guard let (key, op, values) = LabelSelectorJSON.expression(entry) else { return nil }
            requirements.append(Requirement(key: key, operator: op, values: Set(values.compactMap(\.stringValue))))
        }
        var matchLabels: [String: String] = [:]
        matchLabels.reserveCapacity(labels.count)
        for (key, value) in labels {
            if let value = value.stringValue { matchLabels[key] = value }
        }
        self.init(matchLabels: matchLabels, matchExpressions: requirements)
    }
}

extension DeclaredPort {
    /// Reads a `ports` list (`containerPort` for containers, `port` for ExternalWorkloads).
    static func list(_ json: JSONValue?, numberKey: String = "containerPort") -> [DeclaredPort] {
        (json?.arrayValue ?? []).compactMap { port in
            guard let number = port[numberKey]?.integerValue else { return nil }
            return DeclaredPort(
                name: port["name"]?.stringValue,
                number: Int(number),
                protocol: port["protocol"]?.stringValue ?? "TCP"
            )
        }
    }
}

extension JSONValue {
    /// A `map[string]string` (labels, annotations); non-string values are left out.
    package static func stringMap(_ json: JSONValue?) -> [String: String] {
        guard let members = json?.objectValue else { return [:] }
        var map: [String: String] = [:]
        map.reserveCapacity(members.count)
        for (key, value) in members {
            if let string = value.stringValue { map[key] = string }
        }
        return map
    }
}
