import PolicyCore

/// Which collections `audit` lists, in which order, and which of their objects it judges.
///
/// Every kind the webhook validates is listed at the first version it knows that the cluster serves (GA before
/// beta before alpha, newest first), since the API server converts each stored object to any served version.
/// Pods, Servers, ExternalWorkloads, authorizations and routes are also the cluster state the overlap rule and the
/// traffic-impact warnings read: they are listed first, whenever a kind judged reads them.
package struct AuditPlan: Sendable {
    /// What a collection contributes to the cluster state the rules read.
    package enum StateRole: Sendable, Hashable {
        case none, pods, servers, externalWorkloads
        /// AuthorizationPolicies and ServerAuthorizations, which rule 8 reads to tell whether a Server is authorized.
        case authorizations
        /// HTTPRoutes of either group, which rule 8 reads for a Server's routes and their path matches.
        case routes

        /// The role of a registry kind's objects in the state the rules read.
        static func of(group: String, kind: String) -> StateRole {
            switch (group, kind) {
            case ("", "Pod"): return .pods
            case ("policy.linkerd.io", "Server"): return .servers
            case ("policy.linkerd.io", "AuthorizationPolicy"), ("policy.linkerd.io", "ServerAuthorization"): return .authorizations
            case ("policy.linkerd.io", "HTTPRoute"), ("gateway.networking.k8s.io", "HTTPRoute"): return .routes
            default: return .none
            }
        }
    }

    /// One collection to list.
    package struct Collection: Sendable, Hashable {
        package var group: String
        package var kind: String
        package var resource: String
        /// The versions to try, most preferred first.
        package var versions: [String]
        /// True when its objects are judged (not only read as state).
        package var isJudged: Bool
        package var stateRole: StateRole
        /// True for cluster-scoped collections (Namespaces).
        package var isClusterScoped: Bool
        /// Servers and routes: judged after every collection has been read, against the complete state.
        package var needsCompleteState: Bool

        /// `resource` or `resource.group`, as RBAC and kubectl name it.
        package var qualifiedResource: String { self.group.isEmpty ? self.resource : "\(self.resource).\(self.group)" }

        /// The LIST path of this collection at `version`, across the cluster or in one namespace.
        package func path(version: String, namespace: String?) -> String {
            let root = self.group.isEmpty ? "/api/\(version)" : "/apis/\(self.group)/\(version)"
            guard let namespace, !self.isClusterScoped else { return "\(root)/\(self.resource)" }
            return "\(root)/namespaces/\(namespace)/\(self.resource)"
        }
    }

    /// Why a plan cannot be made.
    package struct PlanError: Error, CustomStringConvertible {
        package var description: String
    }

    /// State collections first (ExternalWorkloads, Pods, Servers, authorizations, routes) when a judged kind reads
    /// them, then the other judged kinds in registry order.
    package let collections: [Collection]
    /// True when Servers are judged, so existing overlaps are reported.
    package var reportsOverlaps: Bool { self.collections.contains { $0.stateRole == .servers && $0.isJudged } }

    /// The plan for `kinds` (kind names, plural resources or `resource.group`, any case; empty: every kind).
    package init(registry: KindRegistry = .standard, kinds: [String] = []) throws(PlanError) {
        let wanted = Set(kinds.map { $0.lowercased() })
        var known: Set<String> = []
        var judged: [Collection] = []
        // Every kind in its state-only form, for the state a judged kind reads even when it is not judged itself.
        var stateOnly: [Collection] = []
        var readsClusterState = false
        for entry in registry.kinds {
            let names = [entry.kind.lowercased(), entry.resource, entry.group.isEmpty ? entry.resource : "\(entry.resource).\(entry.group)"]
            known.formUnion(names)
            if StateRole.of(group: entry.group, kind: entry.kind) != .none {
                stateOnly.append(
                    Collection(
                        group: entry.group, kind: entry.kind, resource: entry.resource,
                        versions: entry.versions.sorted(by: KubeVersion.isPreferred), isJudged: false,
                        stateRole: StateRole.of(group: entry.group, kind: entry.kind), isClusterScoped: false,
                        needsCompleteState: false))
            }
            guard wanted.isEmpty || !wanted.isDisjoint(with: names) else { continue }
            let role = StateRole.of(group: entry.group, kind: entry.kind)
            let readsState = entry.needsCache || entry.validators.contains { $0 is TrafficImpactValidator }
            if readsState { readsClusterState = true }
            judged.append(
                Collection(
                    group: entry.group, kind: entry.kind, resource: entry.resource,
                    versions: entry.versions.sorted(by: KubeVersion.isPreferred), isJudged: true, stateRole: role,
                    isClusterScoped: entry.group.isEmpty && entry.kind == "Namespace",
                    // A route is the first of its Server only if no route of the other group names it too.
                    needsCompleteState: entry.needsCache || role == .routes))
        }
        let unknown = wanted.subtracting(known)
        if !unknown.isEmpty {
            throw PlanError(
                description: "unknown --kind \(unknown.sorted().joined(separator: ", ")); `linkerd-policy-webhook kinds` lists the kinds")
        }
        var collections: [Collection] = []
        if readsClusterState {
            // The state first (ExternalWorkloads, Pods, Servers, authorizations, routes, each judged too when asked
            // for), so every kind after it is judged against all of it; Servers, which read the authorizations and
            // routes listed after them, and routes, which read the routes of both groups, are judged once everything
            // is read (`needsCompleteState`).
            collections.append(
                Collection(
                    group: "workload.linkerd.io", kind: "ExternalWorkload", resource: "externalworkloads",
                    versions: ["v1beta1"], isJudged: false, stateRole: .externalWorkloads, isClusterScoped: false,
                    needsCompleteState: false))
            for role in [StateRole.pods, .servers, .authorizations, .routes] {
                for state in stateOnly where state.stateRole == role {
                    collections.append(judged.first { $0.group == state.group && $0.kind == state.kind } ?? state)
                }
            }
        }
        collections += judged.filter { !collections.contains($0) }
        self.collections = collections
    }
}

/// Kubernetes API version priority (`v1` > `v1beta2` > `v1beta1` > `v1alpha1`), as the API server orders versions.
package enum KubeVersion {
    /// True when `a` is preferred to `b`.
    package static func isPreferred(_ a: String, _ b: String) -> Bool {
        let (pa, pb) = (Self.parts(a), Self.parts(b))
        switch (pa, pb) {
        case (let x?, let y?):
            if x.stability != y.stability { return x.stability > y.stability }
            if x.major != y.major { return x.major > y.major }
            return x.minor > y.minor
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return a < b
        }
    }

    /// `v<major>[alpha|beta<minor>]`: stability 2 for GA, 1 beta, 0 alpha; nil when it is not of that form.
    static func parts(_ version: String) -> (stability: Int, major: Int, minor: Int)? {
        guard version.hasPrefix("v") else { return nil }
        let rest = version.dropFirst()
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard let major = Int(digits) else { return nil }
        let suffix = rest.dropFirst(digits.count)
        if suffix.isEmpty { return (2, major, 0) }
        for (word, stability) in [("beta", 1), ("alpha", 0)] where suffix.hasPrefix(word) {
            guard let minor = Int(suffix.dropFirst(word.count)) else { return nil }
            return (stability, major, minor)
        }
        return nil
    }
}
