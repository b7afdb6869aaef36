// KubeCache: what the overlap rules need to know about the cluster (pods, Servers, ExternalWorkloads), kept
// small and indexed. Pure: it never talks to the API server; KubeClient's reflectors feed it, and PolicyCore
// reads immutable `ClusterSnapshot` values.
//
// [ Pod ] -> [ ContainerPort ] <- [ Server ] -> [ LabelSelector ]

/// A Kubernetes label selector, already checked: `matchLabels` and `matchExpressions` are ANDed.
package struct LabelSelector: Sendable, Hashable {
    /// One `matchExpressions` requirement.
    package struct Requirement: Sendable, Hashable {
        /// The four operators Kubernetes label selectors allow.
        package enum Operator: String, Sendable, Hashable {
            case `in` = "In"
            case notIn = "NotIn"
            case exists = "Exists"
            case doesNotExist = "DoesNotExist"
        }

        package var key: String
        package var `operator`: Operator
        package var values: Set<String>

        package init(key: String, operator: Operator, values: Set<String> = []) {
            self.key = key
            self.operator = `operator`
            self.values = values
        }

        /// Whether a label set satisfies this requirement (Kubernetes semantics: NotIn and DoesNotExist match
        /// label sets without the key).
        package func matches(_ labels: [String: String]) -> Bool {
            switch self.operator {
            case .in:
                guard let value = labels[self.key] else { return false }
                return self.values.contains(value)
            case .notIn:
                guard let value = labels[self.key] else { return true }
                return !self.values.contains(value)
            case .exists:
                return labels[self.key] != nil
            case .doesNotExist:
                return labels[self.key] == nil
            }
        }
    }

    package var matchLabels: [String: String]
    package var matchExpressions: [Requirement]

    package init(matchLabels: [String: String] = [:], matchExpressions: [Requirement] = []) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    /// True when the selector selects every object (no requirement at all).
    package var selectsAll: Bool { self.matchLabels.isEmpty && self.matchExpressions.isEmpty }

    /// Whether a label set is selected.
    package func matches(_ labels: [String: String]) -> Bool {
        for (key, value) in self.matchLabels where labels[key] != value { return false }
        for requirement in self.matchExpressions where !requirement.matches(labels) { return false }
        return true
    }

    /// All requirements in one normal form: matchLabels become `In` with one value.
    package var requirements: [Requirement] {
        self.matchLabels.map { Requirement(key: $0.key, operator: .in, values: [$0.value]) } + self.matchExpressions
    }

    /// Semantic identity: the same requirements in any order, values in any order.
    ///
    /// A `matchLabels` entry and the equivalent `In` expression are kept apart: the conformance rules leave that
    /// open and the pair still earns a potential-overlap warning.
    package func isIdentical(to other: LabelSelector) -> Bool {
        self.matchLabels == other.matchLabels
            && Set(self.matchExpressions) == Set(other.matchExpressions)
    }

    /// Whether some label set satisfies both selectors at once.
    package func isJointlySatisfiable(with other: LabelSelector) -> Bool {
        var byKey: [String: [Requirement]] = [:]
        for requirement in self.requirements + other.requirements {
            byKey[requirement.key, default: []].append(requirement)
        }
        for requirements in byKey.values where !Self.isSatisfiable(requirements) { return false }
        return true
    }

    /// Whether one key can take a value (or be absent) that satisfies every requirement on it.
    private static func isSatisfiable(_ requirements: [Requirement]) -> Bool {
        var mustExist = false
        var mustBeAbsent = false
        var allowed: Set<String>?
        var forbidden: Set<String> = []
        for requirement in requirements {
            switch requirement.operator {
            case .in:
                mustExist = true
                allowed = allowed.map { $0.intersection(requirement.values) } ?? requirement.values
            case .notIn:
                forbidden.formUnion(requirement.values)
            case .exists:
                mustExist = true
            case .doesNotExist:
                mustBeAbsent = true
            }
        }
        if mustExist && mustBeAbsent { return false }
        if mustBeAbsent { return true }
        if let allowed { return !allowed.subtracting(forbidden).isEmpty }
        // Exists (or nothing) with NotIn: some other value always exists.
        return true
    }
}
