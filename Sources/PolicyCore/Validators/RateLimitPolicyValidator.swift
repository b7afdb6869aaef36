import PolicyAPI

/// Validates policy.linkerd.io HTTPLocalRateLimitPolicy v1alpha1: the CRD schema, then Linkerd's rules: the target
/// is a Server, every rate is a positive u32, `identity` and overrides stay within `total`, clients are
/// ServiceAccounts.
///
/// Mirrors linkerd2 admission.rs, `Validate<RateLimitPolicySpec>`; unlike Rust it reports every violation.
package struct RateLimitPolicyValidator: ObjectValidator {
    package init() {}

    /// The largest rate Linkerd's `u32` field can hold.
    static let maximumRate: Int64 = 4_294_967_295

    package func validate(_ object: JSONValue, context: ValidationContext, into report: inout ValidationReport) {
        guard let version = RateLimitPolicyVersion(rawValue: context.kind.version) else {
            report.denyUnknownVersion(of: context.kind, by: "RateLimitPolicyValidator")
            return
        }
        SchemaValidator.validate(object, against: version.schema, at: .root, into: &report)
        guard let spec = object["spec"], spec.objectValue != nil else { return }
        let specPath = FieldPath.spec

        if let target = spec["targetRef"], target.objectValue != nil {
            let reference = ReferencedKind(target)
            if !reference.targets(kind: "Server", group: "policy.linkerd.io") {
                report.add(
                    .semantic,
                    at: specPath.field("targetRef"),
                    "invalid targetRef kind \(reference.canonicalKind); must be a policy.linkerd.io Server"
                )
            }
        }

        let total = self.rate(spec["total"], at: specPath.field("total"), into: &report)
        if let identity = self.rate(spec["identity"], at: specPath.field("identity"), into: &report),
            let total, identity > total
        {
            report.add(
                .semantic,
                at: specPath.field("identity").field("requestsPerSecond"),
                "identity rate \(identity) exceeds the total rate \(total); must be at most total.requestsPerSecond"
            )
        }
        for (index, override) in (spec["overrides"]?.arrayValue ?? []).enumerated() {
            let path = specPath.field("overrides").index(index)
            if let rate = self.rate(override, at: path, into: &report), let total, rate > total {
                report.add(
                    .semantic,
                    at: path.field("requestsPerSecond"),
                    "override rate \(rate) exceeds the total rate \(total); must be at most total.requestsPerSecond"
                )
            }
            self.checkClients(override["clientRefs"], at: path.field("clientRefs"), into: &report)
        }
    }

    package func coverage(of kind: GroupVersionKind) -> ValidatorCoverage? {
        RateLimitPolicyVersion(rawValue: kind.version).map { .schema($0.schema) }
    }

    /// The `requestsPerSecond` of the limit at `path` when Linkerd can read it and it is positive; reports it
    /// otherwise.
    private func rate(_ limit: JSONValue?, at path: FieldPath, into report: inout ValidationReport) -> Int64? {
        guard let rate = limit?["requestsPerSecond"]?.integerValue else { return nil }
        let ratePath = path.field("requestsPerSecond")
        guard (0...Self.maximumRate).contains(rate) else {
            report.add(
                .semantic,
                at: ratePath,
                "\(rate) cannot be read as a rate; must be a whole number from 1 to \(Self.maximumRate)"
            )
            return nil
        }
        if rate == 0 {
            report.add(.semantic, at: ratePath, "is 0; must be greater than 0")
            return nil
        }
        return rate
    }

    /// Every client reference of an override is a ServiceAccount.
    private func checkClients(_ clients: JSONValue?, at path: FieldPath, into report: inout ValidationReport) {
        for (index, client) in (clients?.arrayValue ?? []).enumerated() where client.objectValue != nil {
            let reference = ReferencedKind(client)
            if !reference.targets(kind: "ServiceAccount", group: "") {
                report.add(
                    .semantic,
                    at: path.index(index),
                    "invalid client kind \(reference.canonicalKind); overrides.clientRefs must be ServiceAccounts"
                )
            }
        }
    }
}
