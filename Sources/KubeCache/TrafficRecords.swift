import PolicyAPI

/// An HTTP probe (`httpGet` liveness, readiness or startup) a pod declares: its port resolved to a number against
/// the declaring container's ports, and its path without a query.
package struct HTTPProbe: Sendable, Hashable {
    package var port: Int
    package var path: String

    package init(port: Int, path: String) {
        self.port = port
        self.path = path
    }
}

/// What rule 8 keeps of an AuthorizationPolicy or a ServerAuthorization: what it attaches to.
package struct AuthorizationRecord: Sendable, Hashable {
    /// The two kinds that authorize traffic to a Server.
    package enum Kind: String, Sendable, Hashable {
        case authorizationPolicy = "AuthorizationPolicy"
        case serverAuthorization = "ServerAuthorization"
    }

    /// What the authorization attaches to.
    package enum Target: Sendable, Hashable {
        /// A Server by name (AuthorizationPolicy `targetRef`, ServerAuthorization `server.name`).
        case server(String)
        /// Servers whose labels a ServerAuthorization's `server.selector` selects.
        case serverSelector(LabelSelector)
        /// The Namespace of this name (AuthorizationPolicy `targetRef`).
        case namespace(String)
        /// An HTTPRoute of the namespace (group lowercased).
        case httpRoute(group: String, name: String)
        /// Anything else (GRPCRoute, unknown kinds): attaches to no Server rule 8 looks at.
        case other
    }

    package var namespace: String
    package var name: String
    package var kind: Kind
    package var target: Target

    package init(namespace: String, name: String, kind: Kind, target: Target) {
        self.namespace = namespace
        self.name = name
        self.kind = kind
        self.target = target
    }

    /// The key a namespace stores it under.
    package var key: String { "\(self.kind.rawValue)/\(self.name)" }
}

/// A path match of an HTTPRoute rule, as Gateway API defines them (`PathPrefix` on whole segments).
package enum RoutePathMatch: Sendable, Hashable {
    case exact(String)
    case prefix(String)
    /// A regular expression: not evaluated, taken to match every path, so a probe it might serve is never reported
    /// as failing (a warning left out, never a false one).
    case regularExpression(String)

    /// Whether a request for `path` matches.
    package func matches(_ path: String) -> Bool {
        switch self {
        case .exact(let value): return path == value
        case .prefix(let value):
            let trimmed = value.count > 1 && value.hasSuffix("/") ? String(value.dropLast()) : value
            if trimmed == "/" { return true }
            guard path.hasPrefix(trimmed) else { return false }
            let rest = path.dropFirst(trimmed.count)
            return rest.isEmpty || rest.hasPrefix("/")
        case .regularExpression: return true
        }
    }
}

/// What rule 8 keeps of an HTTPRoute (policy.linkerd.io or gateway.networking.k8s.io): its Server parents and,
/// per rule, its path matches.
package struct RouteRecord: Sendable, Hashable {
    package var namespace: String
    package var name: String
    /// `policy.linkerd.io` or `gateway.networking.k8s.io`.
    package var group: String
    /// Names of the Servers of the route's namespace among its `parentRefs`.
    package var serverParents: [String]
    /// Per rule, its path matches; nil for a rule matching every path (no `matches`, or a match without `path`).
    package var rules: [[RoutePathMatch]?]

    package init(namespace: String, name: String, group: String, serverParents: [String], rules: [[RoutePathMatch]?]) {
        self.namespace = namespace
        self.name = name
        self.group = group
        self.serverParents = serverParents
        self.rules = rules
    }

    /// Whether some rule matches a request for `path`.
    package func matches(path: String) -> Bool {
        self.rules.contains { rule in rule.map { $0.contains { $0.matches(path) } } ?? true }
    }

    /// The key a namespace stores it under.
    package var key: String { "\(self.group)/\(self.name)" }
}

// MARK: - Reading objects

/// Limits on what is kept of one object: the cache must stay bounded whatever the cluster holds.
package enum TrafficRecordLimits {
    /// HTTP probes kept per pod, over all its containers (each has at most three: liveness, readiness, startup).
    static let maximumProbes = 16
    /// The longest probe or route path kept, in UTF-8 bytes.
    static let maximumPathLength = 256
    /// Path matches kept per route, over all its rules.
    static let maximumMatches = 32
    /// Server parents kept per route.
    package static let maximumParents = 16
}

extension JSONValue {
    /// A reference's `group`/`kind` equals these, case-insensitively (a missing group is the core group).
    package func refers(toGroup group: String, kind: String) -> Bool {
        (self["group"]?.stringValue ?? "").lowercased() == group && (self["kind"]?.stringValue ?? "").lowercased() == kind.lowercased()
    }
}

extension AuthorizationRecord {
    /// Reads an AuthorizationPolicy or ServerAuthorization object; nil without a name or of another kind. `kind`,
    /// when given, is the collection's (a LIST item may carry no `kind`).
    package init?(object: JSONValue, kind collectionKind: Kind? = nil) {
        guard let metadata = object["metadata"], let name = metadata["name"]?.stringValue,
            let kind = collectionKind ?? Kind(rawValue: object["kind"]?.stringValue ?? "")
        else { return nil }
        let namespace = metadata["namespace"]?.stringValue ?? ""
        let spec = object["spec"]
        var target = Target.other
        switch kind {
        case .authorizationPolicy:
            if let ref = spec?["targetRef"], let refName = ref["name"]?.stringValue {
                if ref.refers(toGroup: "policy.linkerd.io", kind: "Server") {
                    target = .server(refName)
                } else if ref.refers(toGroup: "", kind: "Namespace") {
                    target = .namespace(refName)
                } else if ref.refers(toGroup: "policy.linkerd.io", kind: "HTTPRoute") {
                    target = .httpRoute(group: "policy.linkerd.io", name: refName)
                } else if ref.refers(toGroup: "gateway.networking.k8s.io", kind: "HTTPRoute") {
                    target = .httpRoute(group: "gateway.networking.k8s.io", name: refName)
                }
            }
        case .serverAuthorization:
            if let serverName = spec?["server"]?["name"]?.stringValue {
                target = .server(serverName)
            } else if let selector = spec?["server"]?.presentMember("selector").flatMap(LabelSelector.init(json:)) {
                target = .serverSelector(selector)
            }
        }
        self.init(namespace: namespace, name: name, kind: kind, target: target)
    }
}

extension RouteRecord {
    /// Reads an HTTPRoute object of either group; nil without a name. `group`, when given, is the collection's (a
    /// LIST item may carry no `apiVersion`).
    package init?(object: JSONValue, group collectionGroup: String? = nil) {
        guard let metadata = object["metadata"], let name = metadata["name"]?.stringValue else { return nil }
        let namespace = metadata["namespace"]?.stringValue ?? ""
        let group = collectionGroup ?? GroupVersionKind(apiVersion: object["apiVersion"]?.stringValue ?? "", kind: "HTTPRoute").group
        let spec = object["spec"]
        var parents: [String] = []
        for ref in spec?["parentRefs"]?.arrayValue ?? [] where parents.count < TrafficRecordLimits.maximumParents {
            guard ref.refers(toGroup: "policy.linkerd.io", kind: "Server"), let parent = ref["name"]?.stringValue else { continue }
            if let refNamespace = ref["namespace"]?.stringValue, refNamespace != namespace { continue }
            parents.append(parent)
        }
        var rules: [[RoutePathMatch]?] = []
        var kept = 0
        for rule in spec?["rules"]?.arrayValue ?? [] {
            guard let matches = rule["matches"]?.arrayValue, !matches.isEmpty else {
                rules = [nil]  // this rule matches every path, so the route does
                break
            }
            var paths: [RoutePathMatch] = []
            var matchesAll = false
            for match in matches {
                guard let path = match["path"] else { matchesAll = true; break }
                let value = path["value"]?.stringValue ?? "/"
                kept += 1
                // Past the limits the route is taken to match every path: a warning left out, never a false one.
                if kept > TrafficRecordLimits.maximumMatches || value.utf8.count > TrafficRecordLimits.maximumPathLength {
                    matchesAll = true
                    break
                }
                switch path["type"]?.stringValue ?? "PathPrefix" {
                case "Exact": paths.append(.exact(value))
                case "RegularExpression": paths.append(.regularExpression(value))
                default: paths.append(.prefix(value))
                }
            }
            if matchesAll {
                rules = [nil]
                break
            }
            rules.append(paths)
        }
        self.init(namespace: namespace, name: name, group: group, serverParents: parents, rules: rules)
    }
}

extension HTTPProbe {
    /// The `httpGet` probes of a container, ports resolved against its own TCP ports (names case-insensitively,
    /// as Linkerd's controller does); probes whose port does not resolve are left out.
    static func list(ofContainer container: JSONValue) -> [HTTPProbe] {
        var probes: [HTTPProbe] = []
        for key in ["livenessProbe", "readinessProbe", "startupProbe"] {
            guard let get = container[key]?["httpGet"] else { continue }
            var port: Int?
            switch get["port"] {
            case .integer(let number)? where (1...65535).contains(number): port = Int(number)
            case .string(let name)?:
                for declared in container["ports"]?.arrayValue ?? []
                where (declared["protocol"]?.stringValue ?? "TCP") == "TCP"
                    && declared["name"]?.stringValue?.lowercased() == name.lowercased()
                {
                    port = declared["containerPort"]?.integerValue.map { Int($0) }
                    break
                }
            default: break
            }
            guard let port else { continue }
            let raw = get["path"]?.stringValue ?? "/"
            let path = String(raw.prefix { $0 != "?" && $0 != "#" })
            guard path.utf8.count <= TrafficRecordLimits.maximumPathLength else { continue }
            probes.append(HTTPProbe(port: port, path: path.isEmpty ? "/" : path))
        }
        return probes
    }
}
