import KubeClient
import PolicyAPI
import PolicyCore
import WebhookMetrics

// The closed sets the webhook's metric labels take their values from. A request's kind and operation are free text
// an attacker chooses; only what the webhook itself knows (its kind registry, the four operations, its decisions,
// its rules) becomes a label value, and anything else counts under `other`.

/// The `kind` label: a kind of the registry, `other` for any kind it does not validate, or empty for a body that
/// was no AdmissionReview.
package struct KindLabel: MetricLabel {
    package let metricLabel: String

    private init(_ value: String) {
        self.metricLabel = value
    }

    /// The registry's own spelling of the request's kind (never the request's string), or `other`.
    package init(_ kind: GroupVersionKind, registry: KindRegistry) {
        self.metricLabel = registry.lookup(group: kind.group, kind: kind.kind)?.kind ?? KindLabel.other.metricLabel
    }

    /// Any kind the registry does not hold.
    package static let other = KindLabel("other")
    /// No kind: the body was not an AdmissionReview.
    package static let none = KindLabel("")

    /// Every value the label can take with this registry.
    package static func allValues(registry: KindRegistry) -> [KindLabel] {
        var seen: Set<String> = []
        var values: [KindLabel] = []
        for entry in registry.kinds where seen.insert(entry.kind).inserted { values.append(KindLabel(entry.kind)) }
        return values + [.other, .none]
    }
}

/// The `operation` label: the four operations the API server sends, `other` for anything else, empty when the
/// body was no AdmissionReview.
package enum OperationLabel: String, MetricLabel, CaseIterable {
    case create = "CREATE"
    case update = "UPDATE"
    case delete = "DELETE"
    case connect = "CONNECT"
    case other
    case none = ""

    /// The label of a request's operation; an unknown operation's text is dropped.
    package init(_ operation: AdmissionOperation) {
        switch operation {
        case .create: self = .create
        case .update: self = .update
        case .delete: self = .delete
        case .connect: self = .connect
        case .other: self = .other
        }
    }

    package var metricLabel: String { self.rawValue }
}

/// The `decision` label: how a review was answered. A new enforcement outcome is one more case here.
package enum DecisionLabel: String, MetricLabel, CaseIterable {
    /// Admitted without warnings.
    case allow
    /// Admitted with warnings.
    case warn
    /// Admitted under enforcement `warn`, though the rules would have refused it.
    case wouldDeny = "would_deny"
    /// Refused.
    case deny
    /// The body was no AdmissionReview (HTTP 400).
    case error

    /// The label of a review's decision.
    package init(_ decision: AdmissionDecision) {
        switch decision {
        case .allow: self = .allow
        case .warn: self = .warn
        case .wouldDeny: self = .wouldDeny
        case .deny: self = .deny
        }
    }

    package var metricLabel: String { self.rawValue }
}

/// The `rule` label of a denial: the family of rules (`Violation.Rule`) a denying violation broke, or `unsynced`
/// when the cache had not synced and the webhook could not decide.
package enum DenialRuleLabel: MetricLabel, CaseIterable {
    case violated(Violation.Rule)
    case unsynced

    package static var allCases: [DenialRuleLabel] { Violation.Rule.allCases.map(Self.violated) + [.unsynced] }

    /// The distinct rules that made a verdict a denial (or, under enforcement `warn`, would have), in a stable
    /// order; empty for an admission.
    package static func rules(of verdict: Verdict) -> [DenialRuleLabel] {
        switch verdict {
        case .allowed: return []
        case .unavailable: return [.unsynced]
        case .denied(let violations, _), .wouldDeny(let violations, _):
            let broken = Set(violations.map(\.rule))
            return Violation.Rule.allCases.filter(broken.contains).map(Self.violated)
        }
    }

    /// snake_case, as Prometheus label values usually are.
    package var metricLabel: String {
        switch self {
        case .violated(.schema): return "schema"
        case .violated(.exactlyOneOf): return "exactly_one_of"
        case .violated(.labelSyntax): return "label_syntax"
        case .violated(.portName): return "port_name"
        case .violated(.semantic): return "semantic"
        case .violated(.overlap): return "overlap"
        case .violated(.annotation): return "annotation"
        case .unsynced: return "unsynced"
        }
    }
}

extension ResourceKind: MetricLabel {}

/// The `rule` label of a traffic-impact warning: the part of rule 8 that sent it (a closed set).
package struct TrafficRuleLabel: MetricLabel, CaseIterable {
    package let rule: TrafficWarning.Rule

    package init(_ rule: TrafficWarning.Rule) {
        self.rule = rule
    }

    package static var allCases: [TrafficRuleLabel] { TrafficWarning.Rule.allCases.map(Self.init) }

    /// The rule's snake_case name (`server_unauthorized`...).
    package var metricLabel: String { self.rule.rawValue }
}
