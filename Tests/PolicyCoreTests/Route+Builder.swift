import KubeCache
import PolicyAPI
import PolicyCore

/// Builds route and rate-limit objects from JSON text and runs a validator on them, as Linkerd's `mk_route`
/// helpers in `policy-test` do.
enum RouteBuilder {
    /// The JSON value of `text` (test input is always well-formed).
    static func json(_ text: String) -> JSONValue {
        try! JSONDecoding.decode(Array(text.utf8))
    }

    /// An object of `kind` with the given spec JSON and annotations.
    static func object(apiVersion: String, kind: String, spec: String, annotations: [String: String] = [:]) -> JSONValue {
        var metadata: [String: JSONValue] = ["name": .string("test"), "namespace": .string("ns")]
        if !annotations.isEmpty { metadata["annotations"] = .object(JSONObject(annotations.mapValues { JSONValue.string($0) })) }
        return .object([
            "apiVersion": .string(apiVersion), "kind": .string(kind), "metadata": .object(JSONObject(metadata)), "spec": Self.json(spec),
        ])
    }

    /// A policy.linkerd.io HTTPRoute of `version`.
    static func policyRoute(_ spec: String, version: String = "v1beta3", annotations: [String: String] = [:]) -> JSONValue {
        Self.object(apiVersion: "policy.linkerd.io/\(version)", kind: "HTTPRoute", spec: spec, annotations: annotations)
    }

    /// The report of `validator` on `object`, validated as `group/version kind`.
    static func report(
        _ validator: some ObjectValidator, _ object: JSONValue, group: String, version: String, kind: String
    ) -> ValidationReport {
        let context = ValidationContext(
            kind: GroupVersionKind(group: group, version: version, kind: kind), namespace: "ns", name: "test",
            operation: .create, snapshot: .empty
        )
        var report = ValidationReport()
        validator.validate(object, context: context, into: &report)
        return report
    }

    /// The violations (`path: message`) of a policy.linkerd.io HTTPRoute of `version`.
    static func policyRouteViolations(_ object: JSONValue, version: String = "v1beta3") -> [String] {
        Self.report(PolicyHTTPRouteValidator(), object, group: "policy.linkerd.io", version: version, kind: "HTTPRoute")
            .violations.map(\.description)
    }

    /// The report of a Gateway API route of `kind`.
    static func gatewayReport(_ object: JSONValue, kind: String, version: String = "v1") -> ValidationReport {
        Self.report(GatewayRouteValidator(), object, group: "gateway.networking.k8s.io", version: version, kind: kind)
    }

    /// The violations of an HTTPLocalRateLimitPolicy.
    static func rateLimitViolations(_ spec: String) -> [String] {
        let object = Self.object(apiVersion: "policy.linkerd.io/v1alpha1", kind: "HTTPLocalRateLimitPolicy", spec: spec)
        return Self.report(
            RateLimitPolicyValidator(), object, group: "policy.linkerd.io", version: "v1alpha1",
            kind: "HTTPLocalRateLimitPolicy"
        ).violations.map(\.description)
    }

    /// A v1beta3 route spec with one Server parent and the given rule JSON.
    static func serverRouteSpec(rule: String) -> String {
        #"{"parentRefs":[{"group":"policy.linkerd.io","kind":"Server","name":"web"}],"rules":[\#(rule)]}"#
    }
}
