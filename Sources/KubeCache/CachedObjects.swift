/// A port a container (or an ExternalWorkload) declares.
package struct DeclaredPort: Sendable, Hashable {
    package var name: String?
    package var number: Int
    package var `protocol`: String

    package init(name: String? = nil, number: Int, protocol: String = "TCP") {
        self.name = name
        self.number = number
        self.protocol = `protocol`
    }
}

/// A Server's `port`: a number, or a port name resolved per pod.
package enum ServerPort: Sendable, Hashable, CustomStringConvertible {
    case number(Int)
    case name(String)

    /// The port numbers this selects on an object declaring `ports`.
    package func resolve(on ports: [DeclaredPort]) -> [Int] {
        switch self {
        case .number(let number): return [number]
        case .name(let name): return ports.filter { $0.name == name }.map(\.number)
        }
    }

    /// Whether the object declares this port (a number among containerPorts, a name among port names).
    package func isDeclared(on ports: [DeclaredPort]) -> Bool {
        switch self {
        case .number(let number): return ports.contains { $0.number == number }
        case .name(let name): return ports.contains { $0.name == name }
        }
    }

    package var description: String {
        switch self {
        case .number(let number): return String(number)
        case .name(let name): return name
        }
    }
}

/// What a cached pod keeps: identity, labels, phase and declared ports.
package struct PodRecord: Sendable, Hashable {
    package var namespace: String
    package var name: String
    package var uid: String
    package var labels: [String: String]
    /// `status.phase`, nil when the pod has no status yet.
    package var phase: String?
    package var ports: [DeclaredPort]
    /// The containers' HTTP probes (rule 8b).
    package var probes: [HTTPProbe]
    /// True when the pod carries its own `config.linkerd.io/default-inbound-policy` annotation (rule 8d).
    package var hasOwnDefaultPolicy: Bool
    /// The annotation `hasOwnDefaultPolicy` looks for.
    package static let defaultPolicyAnnotation = "config.linkerd.io/default-inbound-policy"

    package init(
        namespace: String, name: String, uid: String = "", labels: [String: String] = [:], phase: String? = nil,
        ports: [DeclaredPort] = [], probes: [HTTPProbe] = [], hasOwnDefaultPolicy: Bool = false
    ) {
        self.namespace = namespace
        self.name = name
        self.uid = uid
        self.labels = labels
        self.phase = phase
        self.ports = ports
        self.probes = probes
        self.hasOwnDefaultPolicy = hasOwnDefaultPolicy
    }

    /// Terminated pods (Succeeded, Failed) are never selected.
    package var isTerminated: Bool { self.phase == "Succeeded" || self.phase == "Failed" }
}

/// What a cached ExternalWorkload keeps.
package struct ExternalWorkloadRecord: Sendable, Hashable {
    package var namespace: String
    package var name: String
    package var uid: String
    package var labels: [String: String]
    package var ports: [DeclaredPort]

    package init(namespace: String, name: String, uid: String = "", labels: [String: String] = [:], ports: [DeclaredPort] = []) {
        self.namespace = namespace
        self.name = name
        self.uid = uid
        self.labels = labels
        self.ports = ports
    }
}

/// Which objects a Server selects.
package enum ServerSelector: Sendable, Hashable {
    case pods(LabelSelector)
    case externalWorkloads(LabelSelector)

    /// The kinds of object a Server can select.
    package enum Kind: Sendable, Hashable {
        case pods, externalWorkloads
    }

    package var labelSelector: LabelSelector {
        switch self {
        case .pods(let selector), .externalWorkloads(let selector): return selector
        }
    }

    /// The kind of object this selects.
    package var kind: Kind {
        switch self {
        case .pods: return .pods
        case .externalWorkloads: return .externalWorkloads
        }
    }

    /// True when both select the same kind of object.
    package func isSameKind(as other: ServerSelector) -> Bool {
        self.kind == other.kind
    }
}

/// What a cached Server keeps: what overlap decisions and their exemptions read.
package struct ServerRecord: Sendable, Hashable {
    package var namespace: String
    package var name: String
    package var uid: String
    /// `metadata.creationTimestamp` as RFC 3339 text (it sorts chronologically); nil when absent.
    package var creationTimestamp: String?
    /// The selector, or nil when the Server's selector is unusable (then it selects nothing).
    package var selector: ServerSelector?
    /// The port, or nil when unusable.
    package var port: ServerPort?
    /// Helm release name and namespace (`meta.helm.sh/release-name`, `meta.helm.sh/release-namespace`).
    package var helmRelease: HelmRelease?
    /// `applyset.kubernetes.io/part-of` label value.
    package var applySet: String?
    /// True when annotated `linkerd-policy-webhook/allow-overlap: "true"`.
    package var allowsOverlap: Bool
    /// `metadata.labels` (ServerAuthorization `server.selector` selects Servers by them).
    package var labels: [String: String]
    /// `spec.accessPolicy`; nil when absent (versions before v1beta3 have none and deny what nothing authorizes).
    package var accessPolicy: String?

    package init(
        namespace: String, name: String, uid: String = "", creationTimestamp: String? = nil,
        selector: ServerSelector?, port: ServerPort?, helmRelease: HelmRelease? = nil, applySet: String? = nil,
        allowsOverlap: Bool = false, labels: [String: String] = [:], accessPolicy: String? = nil
    ) {
        self.labels = labels
        self.accessPolicy = accessPolicy
        self.namespace = namespace
        self.name = name
        self.uid = uid
        self.creationTimestamp = creationTimestamp
        self.selector = selector
        self.port = port
        self.helmRelease = helmRelease
        self.applySet = applySet
        self.allowsOverlap = allowsOverlap
    }
}

/// A Helm release a Server belongs to.
package struct HelmRelease: Sendable, Hashable {
    package var name: String
    package var namespace: String

    package init(name: String, namespace: String) {
        self.name = name
        self.namespace = namespace
    }
}
