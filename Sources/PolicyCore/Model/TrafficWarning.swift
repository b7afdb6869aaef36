/// A rule-8 warning: a valid change that will deny traffic, with the part of rule 8 that found it (the metrics count
/// them by `rule`, a closed set).
package struct TrafficWarning: Sendable, Hashable {
    /// The four parts of rule 8.
    package enum Rule: String, Sendable, Hashable, CaseIterable {
        /// 8a: a deny Server that serves pods and that nothing authorizes.
        case serverUnauthorized = "server_unauthorized"
        /// 8b: the first HTTPRoute of a Server whose pods declare HTTP probes on its port.
        case probesUnauthorized = "probes_unauthorized"
        /// 8c: deleting the last authorization of a deny Server that serves pods.
        case lastAuthorizationDeleted = "last_authorization_deleted"
        /// 8d: a default-inbound-policy that makes pod ports without a Server refuse traffic.
        case defaultPolicyDenies = "default_policy_denies"
    }

    package var rule: Rule
    /// The text kubectl shows (keep it under 120 characters).
    package var message: String

    package init(_ rule: Rule, _ message: String) {
        self.rule = rule
        self.message = message
    }
}
