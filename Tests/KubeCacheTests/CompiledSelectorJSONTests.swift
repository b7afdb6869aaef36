import KubeCache
import PolicyAPI
import Testing

/// A selector compiled straight from JSON (the Server under review) must accept, reject and select exactly as
/// the `LabelSelector` the cache reads from the same JSON.
@Suite struct CompiledSelectorJSONTests {
    /// Pods over a few keys and values, one terminated, so every operator has pods on both sides.
    static let snapshot: ClusterSnapshot = {
        var snapshot = ClusterSnapshot()
        let labelSets: [[String: String]] = [
            [:], ["app": "web"], ["app": "web", "track": "stable"], ["app": "web", "track": "canary"],
            ["app": "web", "track": "canary", "disabled": "true"], ["app": "api", "track": "stable"],
            ["app": "api", "tier": "edge"], ["tier": "edge", "track": "beta"], ["app": "web", "version": "v11"],
        ]
        for (index, labels) in labelSets.enumerated() {
            snapshot.apply(PodRecord(namespace: "shop", name: "pod-\(index)", labels: labels, phase: "Running"))
        }
        snapshot.apply(PodRecord(namespace: "shop", name: "done", labels: ["app": "web"], phase: "Succeeded"))
        return snapshot
    }()

    static func expression(_ key: JSONValue, _ op: String, _ values: [JSONValue]? = nil) -> JSONValue {
        var members: JSONObject = ["key": key, "operator": .string(op)]
        if let values { members["values"] = .array(values) }
        return .object(members)
    }

    static func selector(labels: [String: JSONValue] = [:], expressions: [JSONValue]? = nil) -> JSONValue {
        var members: JSONObject = [:]
        if !labels.isEmpty { members["matchLabels"] = .object(JSONObject(labels)) }
        if let expressions { members["matchExpressions"] = .array(expressions) }
        return .object(members)
    }

    static let selectors: [JSONValue] = {
        let s = { (text: String) in JSONValue.string(text) }
        return [
            // Empty: selects every running pod.
            .object([:]),
            selector(expressions: []),
            selector(labels: ["app": s("web")]),
            selector(labels: ["app": s("web"), "track": s("canary")]),
            // Non-string label values are left out, not refused.
            selector(labels: ["app": s("web"), "track": .integer(3)]),
            selector(expressions: [expression(s("track"), "In", [s("stable"), s("canary")])]),
            selector(expressions: [expression(s("track"), "In", [s("stable")])]),
            // A value written twice, and a non-string value among strings.
            selector(expressions: [expression(s("track"), "In", [s("canary"), s("canary")])]),
            selector(expressions: [expression(s("track"), "In", [s("canary"), .integer(1), s("stable")])]),
            selector(expressions: [expression(s("track"), "In", [])]),
            selector(expressions: [expression(s("track"), "NotIn", [s("canary"), s("beta")])]),
            selector(expressions: [expression(s("track"), "Exists")]),
            selector(expressions: [expression(s("disabled"), "DoesNotExist")]),
            selector(
                labels: ["app": s("web"), "version": s("v11")],
                expressions: [expression(s("track"), "In", [s("stable"), s("canary")]), expression(s("disabled"), "DoesNotExist")]
            ),
            // Strings no pod carries, so never interned.
            selector(labels: ["app": s("ghost")]),
            selector(labels: ["ghost-key": s("web")]),
            selector(expressions: [expression(s("ghost-key"), "In", [s("x")])]),
            selector(expressions: [expression(s("ghost-key"), "Exists")]),
            selector(expressions: [expression(s("ghost-key"), "NotIn", [s("x")])]),
            selector(expressions: [expression(s("ghost-key"), "DoesNotExist")]),
            selector(expressions: [expression(s("track"), "In", [s("ghost"), s("canary")])]),
            selector(expressions: [expression(s("track"), "NotIn", [s("ghost")])]),
            selector(expressions: [expression(s("app"), "In", [s("ghost")])]),
            // Unusable: both readings refuse them.
            selector(expressions: [expression(s("track"), "Within", [s("x")])]),
            selector(expressions: [expression(.integer(1), "Exists")]),
            selector(labels: ["app": s("web")], expressions: [.object(["operator": s("Exists")])]),
            .string("app=web"),
            .null,
            .array([]),
        ]
    }()

    /// The names of the running pods of `shop` a selector selects, by the cache's own reading of its JSON.
    static func expected(_ selector: LabelSelector) -> [String] {
        Self.snapshot.selectedWorkloads(.pods(selector), in: "shop").map(\.name).sorted()
    }

    @Test(arguments: Self.selectors)
    func compiledFromJSONAgreesWithTheLabelSelector(_ json: JSONValue) throws {
        let strings = Self.snapshot.strings
        let compiled = CompiledSelector(json: json, strings: strings)
        let selector = LabelSelector(json: json)
        #expect((compiled == nil) == (selector == nil))
        guard let compiled, let selector else { return }
        let objects = try #require(Self.snapshot.namespaces["shop"])
        let selected = objects.selectedPods(compiled).map(\.name).sorted()
        #expect(selected == Self.expected(selector))
        // And both agree with the plain label-set reading.
        let running = (0..<9).map { "pod-\($0)" }
        let byLabels = running.filter { name in
            Self.snapshot.pod(namespace: "shop", name: name).map { selector.matches($0.labels) } ?? false
        }
        #expect(selected == byLabels.sorted())
    }

    @Test func compilingDoesNotInternTheSelectorsStrings() {
        let strings = Self.snapshot.strings
        let before = strings.count
        _ = CompiledSelector(json: Self.selector(labels: ["brand-new-key": .string("brand-new-value")]), strings: strings)
        #expect(strings.count == before)
    }

    @Test(arguments: ["In", "NotIn", "Exists", "DoesNotExist", "in", "notin", "NOTIN", "Exist", "Existss", "DoesnotExist", "", "Ex sts", "Înx"])
    func operatorNamesAreReadAsTheirRawValues(_ name: String) {
        #expect(LabelSelector.Requirement.Operator(name: name) == LabelSelector.Requirement.Operator(rawValue: name))
    }
}
