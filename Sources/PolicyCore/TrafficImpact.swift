import KubeCache
import PolicyAPI

/// The conditions and words of rule 8's warnings, shared by `TrafficImpactValidator` and the DELETE path. The
/// attachment rules follow Linkerd's policy controller (`k8s/index/src/inbound/index.rs`): an authorization applies
/// to a Server of its own namespace that it names, selects, or reaches through the Namespace or an HTTPRoute.
package enum TrafficImpact {
    static let annotation = DefaultInboundPolicyValidator.annotation
    /// Port names the proxy injector gives the linkerd-proxy container's ports (rule 8d leaves them out).
    static let proxyPortNames: Set<String> = ["linkerd-proxy", "linkerd-admin"]
    /// At most this many probe paths are named in one warning.
    static let maximumNamedPaths = 3

    // MARK: - Words of rule 8

    /// How many Running pods of the namespace `server` selects that declare its port (*S serves pods* when not 0).
    static func servedPodCount(_ server: ServerRecord, snapshot: ClusterSnapshot) -> Int {
        guard case .pods(let selector)? = server.selector, let port = server.port else { return 0 }
        return snapshot.countRunningPods(in: server.namespace, selectedBy: selector, declaring: port)
    }

    /// The Running pods of the namespace `server` selects that declare its port.
    static func servedPods(_ server: ServerRecord, snapshot: ClusterSnapshot) -> [PodRecord] {
        guard case .pods(let selector)? = server.selector, let port = server.port else { return [] }
        return snapshot.pods(in: server.namespace, selectedBy: selector)
            .filter { $0.phase == "Running" && port.isDeclared(on: $0.ports) }
    }

    /// Whether `authorization` attaches to the Server `server` (*something authorizes S*).
    static func authorizes(_ authorization: AuthorizationRecord, _ server: ServerRecord, objects: ClusterSnapshot.NamespaceObjects) -> Bool {
        guard authorization.namespace == server.namespace else { return false }
        switch authorization.target {
        case .server(let name): return name == server.name
        case .namespace(let name): return authorization.kind == .authorizationPolicy && name == server.namespace
        case .serverSelector(let selector): return selector.matches(server.labels)
        case .httpRoute(let group, let name):
            return objects.routes["\(group)/\(name)"]?.serverParents.contains(server.name) ?? false
        case .other: return false
        }
    }

    /// Whether something of the namespace, other than the authorization keyed `excluded`, authorizes `server`.
    static func isAuthorized(_ server: ServerRecord, objects: ClusterSnapshot.NamespaceObjects, excluding excluded: String? = nil) -> Bool {
        objects.authorizations.contains { key, authorization in
            key != excluded && Self.authorizes(authorization, server, objects: objects)
        }
    }

    /// `deny` when absent: versions before v1beta3 have no accessPolicy and deny what nothing authorizes.
    static func deniesByDefault(_ server: ServerRecord) -> Bool { (server.accessPolicy ?? "deny") == "deny" }

    static func pods(_ count: Int) -> String { count == 1 ? "1 pod" : "\(count) pods" }

    static func ports(_ count: Int) -> String { count == 1 ? "1 port" : "\(count) ports" }

    // MARK: - 8a

    /// A Server with accessPolicy deny that serves pods and that nothing authorizes; on UPDATE only when it did not
    /// deny before.
    static func serverWarning(_ object: JSONValue, context: ValidationContext, objects: ClusterSnapshot.NamespaceObjects) -> [TrafficWarning] {
        // The access policies are read first: most Servers that admit traffic cost nothing more.
        func deniesByDefault(_ object: JSONValue?) -> Bool { (object?["spec"]?["accessPolicy"]?.stringValue ?? "deny") == "deny" }
        guard deniesByDefault(object) else { return [] }
        if context.operation == .update, let old = context.oldObject, deniesByDefault(old) { return [] }
        guard var server = ServerRecord(object: object) else { return [] }
        server.namespace = context.namespace
        if !context.name.isEmpty { server.name = context.name }
        guard !Self.isAuthorized(server, objects: objects) else { return [] }
        let served = Self.servedPodCount(server, snapshot: context.snapshot)
        guard served > 0 else { return [] }
        let port = server.port?.description ?? "?"
        return [
            TrafficWarning(
                .serverUnauthorized,
                "Server \(Quote.value(server.name)) has no authorization: all requests to its \(Self.pods(served)) on port \(port) will be denied (accessPolicy deny)"
            )
        ]
    }

    // MARK: - 8b

    /// The first HTTPRoute of a Server whose pods declare HTTP probes on its port: Linkerd authorizes probes by
    /// default only while a Server has no HTTPRoute (`http_routes` falls back to the default probe route). Names
    /// the probe paths the route does not match, or matches without an authorization.
    static func routeWarnings(_ object: JSONValue, context: ValidationContext, objects: ClusterSnapshot.NamespaceObjects) -> [TrafficWarning] {
        guard context.operation == .create, var route = RouteRecord(object: object) else { return [] }
        route.namespace = context.namespace
        if !context.name.isEmpty { route.name = context.name }
        var warnings: [TrafficWarning] = []
        for parent in Set(route.serverParents).sorted() {
            guard let server = context.snapshot.server(namespace: context.namespace, name: parent), let port = server.port,
                !objects.routes.values.contains(where: { $0.key != route.key && $0.serverParents.contains(parent) })
            else { continue }
            // A probe the route matches still fails unless something authorizes it: the Server's access policy, an
            // authorization of the Server or its namespace, or an AuthorizationPolicy of this route.
            let isRouteAuthorized = !Self.deniesByDefault(server) || Self.isAuthorized(server, objects: objects)
                || objects.authorizations.values.contains {
                    $0.kind == .authorizationPolicy && $0.target == .httpRoute(group: route.group, name: route.name)
                }
            var paths = Set<String>()
            var probedPods = 0
            for pod in Self.servedPods(server, snapshot: context.snapshot) {
                let numbers = port.resolve(on: pod.ports)
                let failing = pod.probes.filter {
                    numbers.contains($0.port) && !(isRouteAuthorized && route.matches(path: $0.path))
                }
                if !failing.isEmpty { probedPods += 1 }
                paths.formUnion(failing.map(\.path))
            }
            guard !paths.isEmpty else { continue }
            let sorted = paths.sorted()
            var named = sorted.prefix(Self.maximumNamedPaths).joined(separator: ", ")
            if sorted.count > Self.maximumNamedPaths { named += " and \(sorted.count - Self.maximumNamedPaths) more" }
            warnings.append(
                TrafficWarning(
                    .probesUnauthorized,
                    "first route of Server \(Quote.value(parent)) ends default probe authorization: \(named) fail on \(Self.pods(probedPods))"
                )
            )
        }
        return warnings
    }

    // MARK: - 8c

    /// DELETE of the only authorization of a deny Server that serves pods.
    package static func deletionWarnings(_ oldObject: JSONValue, namespace: String, snapshot: ClusterSnapshot) -> [TrafficWarning] {
        guard snapshot.isSynced, var deleted = AuthorizationRecord(object: oldObject),
            let objects = snapshot.namespaces[namespace]
        else { return [] }
        deleted.namespace = namespace
        var warnings: [TrafficWarning] = []
        for server in snapshot.servers(in: namespace).sorted(by: { $0.name < $1.name })
        where Self.deniesByDefault(server) && Self.authorizes(deleted, server, objects: objects) {
            guard !Self.isAuthorized(server, objects: objects, excluding: deleted.key) else { continue }
            let served = Self.servedPodCount(server, snapshot: snapshot)
            guard served > 0 else { continue }
            warnings.append(
                TrafficWarning(
                    .lastAuthorizationDeleted,
                    "without \(deleted.kind.rawValue) \(Quote.value(deleted.name)), Server \(Quote.value(server.name)) has no authorization: its \(Self.pods(served)) deny all requests"
                )
            )
        }
        return warnings
    }

    // MARK: - 8d

    /// How much a default-inbound-policy value refuses of what reaches a port without a Server.
    enum Strictness: Int, Comparable {
        /// Unauthenticated clients admitted (the `*-unauthenticated` values, `audit`, absent or unknown).
        case open
        /// Only meshed clients (`all-authenticated`, `cluster-authenticated`).
        case meshedOnly
        /// Only probes (`deny`).
        case probesOnly

        init(_ value: String?) {
            switch value {
            case "deny": self = .probesOnly
            case "all-authenticated", "cluster-authenticated": self = .meshedOnly
            default: self = .open
            }
        }

        static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// A Namespace default becoming stricter (`deny`, or an `*-authenticated` value) while pods serve ports no
    /// Server selects: those ports then accept only probes (or only meshed clients).
    static func namespaceWarning(_ object: JSONValue, context: ValidationContext, objects: ClusterSnapshot.NamespaceObjects) -> [TrafficWarning] {
        guard let value = object["metadata"]?["annotations"]?[Self.annotation]?.stringValue else { return [] }
        let strictness = Strictness(value)
        let previous = Strictness(context.oldObject?["metadata"]?["annotations"]?[Self.annotation]?.stringValue)
        guard strictness > .open, strictness > previous else { return [] }
        let name = context.name.isEmpty ? context.namespace : context.name
        let servers = context.snapshot.servers(in: name)
        var uncoveredPods = 0
        var uncoveredPorts = 0
        var example: (pod: String, port: Int)?
        objects.forEachRunningPod { pod in
            guard !pod.hasOwnDefaultPolicy else { return }
            let uncovered = Self.portsWithoutServer(of: pod, servers: servers)
            guard let first = uncovered.first else { return }
            uncoveredPods += 1
            uncoveredPorts += uncovered.count
            if example.map({ pod.name < $0.pod }) ?? true { example = (pod.name, first) }
        }
        guard let example else { return [] }
        return Self.defaultPolicyWarning(
            value, strictness, ports: uncoveredPorts, pods: uncoveredPods, example: example, when: "once re-created")
    }

    /// A workload's pod template default becoming stricter while its Running pods (selected by `spec.selector`)
    /// serve ports no Server selects: the rollout re-creates them with the new default.
    static func workloadWarning(_ object: JSONValue, context: ValidationContext) -> [TrafficWarning] {
        let path = ["spec", "template", "metadata", "annotations", Self.annotation]
        func annotation(_ object: JSONValue?) -> String? { path.reduce(object) { $0?[$1] }?.stringValue }
        guard let value = annotation(object) else { return [] }
        let strictness = Strictness(value)
        guard strictness > .open, strictness > Strictness(annotation(context.oldObject)),
            let selectorJSON = object["spec"]?["selector"], let selector = LabelSelector(json: selectorJSON)
        else { return [] }
        let servers = context.snapshot.servers(in: context.namespace)
        var uncoveredPods = 0
        var uncoveredPorts = 0
        var example: (pod: String, port: Int)?
        for pod in context.snapshot.pods(in: context.namespace, selectedBy: selector) where pod.phase == "Running" {
            let uncovered = Self.portsWithoutServer(of: pod, servers: servers)
            guard let first = uncovered.first else { continue }
            uncoveredPods += 1
            uncoveredPorts += uncovered.count
            if example.map({ pod.name < $0.pod }) ?? true { example = (pod.name, first) }
        }
        guard let example else { return [] }
        return Self.defaultPolicyWarning(
            value, strictness, ports: uncoveredPorts, pods: uncoveredPods, example: example, when: "after the rollout")
    }

    /// The words of 8d (kubectl shows them next to the object, so they do not name it): `deny` leaves probes only and
    /// says `no Server`; the `*-authenticated` values refuse unmeshed clients (and do not say `no Server`, which rule
    /// 8d keeps for `deny`). Pods take the default when created (the proxy injector copies the annotation), hence
    /// `when`.
    static func defaultPolicyWarning(
        _ value: String, _ strictness: Strictness, ports: Int, pods: Int, example: (pod: String, port: Int), when: String
    ) -> [TrafficWarning] {
        let what = "\(Self.ports(ports)) of \(Self.pods(pods)) (e.g. \(example.pod):\(example.port))"
        switch strictness {
        case .probesOnly:
            return [
                TrafficWarning(
                    .defaultPolicyDenies,
                    "default-inbound-policy deny: \(what) \(ports == 1 ? "has" : "have") no Server; only probes \(when)"
                )
            ]
        case .meshedOnly:
            return [
                TrafficWarning(
                    .defaultPolicyDenies,
                    "default-inbound-policy \(value): \(what) without a Server, meshed clients only \(when)"
                )
            ]
        case .open:
            return []
        }
    }

    /// The TCP ports the pod declares (outside the proxy's own) that no Server of `servers` selects, sorted.
    static func portsWithoutServer(of pod: PodRecord, servers: [ServerRecord]) -> [Int] {
        var covered = Set<Int>()
        for server in servers {
            guard case .pods(let selector)? = server.selector, selector.matches(pod.labels), let port = server.port else { continue }
            covered.formUnion(port.resolve(on: pod.ports))
        }
        let uncovered = pod.ports.filter {
            $0.protocol != "UDP" && !Self.proxyPortNames.contains($0.name ?? "") && !covered.contains($0.number)
        }
        return Set(uncovered.map(\.number)).sorted()
    }
}
