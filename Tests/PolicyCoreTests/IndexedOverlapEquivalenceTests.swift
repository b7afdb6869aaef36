import KubeCache
import PolicyAPI
import PolicyCore
import Testing

/// The overlap rule's indexed lookup (large namespaces) gives the verdicts of the whole walk (small ones): the same
/// random bundles checked both ways, in order, each admitted Server joining the snapshot.
struct IndexedOverlapEquivalenceTests {
    /// A deterministic generator (SplitMix64), so a failure can be replayed from its seed.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            self.state &+= 0x9E37_79B9_7F4A_7C15
            var z = self.state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func controller(threshold: Int) -> AdmissionController {
        AdmissionController(registry: KindRegistry([
            SupportedKind(
                group: "policy.linkerd.io", kind: "Server", resource: "servers", versions: ["v1beta3"], needsCache: true,
                validators: [ServerOverlapValidator(indexedLookupThreshold: threshold)])
        ]))
    }

    static func randomServer(_ index: Int, using generator: inout SeededGenerator) -> JSONValue {
        let ports: [JSONValue] = [.integer(8080), .integer(8081), .string("http"), .string("grpc")]
        var matchLabels: [String: JSONValue] = [:]
        if Bool.random(using: &generator) { matchLabels["app"] = .string("a\(Int.random(in: 0..<4, using: &generator))") }
        if Int.random(in: 0..<3, using: &generator) == 0 { matchLabels["tier"] = .string("t\(Int.random(in: 0..<2, using: &generator))") }
        var selector: [String: JSONValue] = [:]
        if !matchLabels.isEmpty || Int.random(in: 0..<8, using: &generator) == 0 {
            selector["matchLabels"] = .object(JSONObject(matchLabels))
        }
        if Int.random(in: 0..<5, using: &generator) == 0 {
            selector["matchExpressions"] = .array([.object(JSONObject([
                "key": .string("tier"), "operator": .string("In"), "values": .array([.string("t1")]),
            ]))])
        }
        if selector.isEmpty { selector["matchLabels"] = .object(JSONObject(["app": .string("a0")])) }
        return .object(JSONObject([
            "apiVersion": .string("policy.linkerd.io/v1beta3"), "kind": .string("Server"),
            "metadata": .object(JSONObject(["name": .string("s\(index)"), "namespace": .string("big")])),
            "spec": .object(JSONObject([
                "podSelector": .object(JSONObject(selector)),
                "port": ports[Int.random(in: 0..<ports.count, using: &generator)],
            ])),
        ]))
    }

    static func snapshot(using generator: inout SeededGenerator) -> ClusterSnapshot {
        var snapshot = ClusterSnapshot()
        snapshot.isSynced = true
        for index in 0..<40 {
            var labels = ["app": "a\(Int.random(in: 0..<4, using: &generator))"]
            if Bool.random(using: &generator) { labels["tier"] = "t\(Int.random(in: 0..<2, using: &generator))" }
            snapshot.apply(PodRecord(
                namespace: "big", name: "pod-\(index)", labels: labels, phase: "Running",
                ports: [DeclaredPort(name: "http", number: 8080), DeclaredPort(name: "grpc", number: 8081)]))
        }
        return snapshot
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func indexedLookupGivesTheVerdictsOfTheWholeWalk(seed: UInt64) {
        var generator = SeededGenerator(state: seed)
        var indexed = Self.snapshot(using: &generator)
        var walked = indexed
        let indexedController = Self.controller(threshold: 0)
        let walkingController = Self.controller(threshold: .max)
        var denied = 0
        for index in 0..<150 {
            let object = Self.randomServer(index, using: &generator)
            let request = AdmissionRequest(
                uid: "u-\(index)", kind: GroupVersionKind(group: "policy.linkerd.io", version: "v1beta3", kind: "Server"),
                name: "s\(index)", namespace: "big", operation: .create, object: object)
            let byIndex = indexedController.verdict(for: request, snapshot: indexed)
            let byWalk = walkingController.verdict(for: request, snapshot: walked)
            #expect(byIndex == byWalk, "seed \(seed), Server \(index)")
            if !byIndex.isAllowed { denied += 1 }
            if byIndex.isAllowed, let server = ServerRecord(object: object) {
                indexed.apply(server)
                walked.apply(server)
            }
        }
        // Both outcomes occur, so the comparison covers findings and their absence.
        #expect(denied > 10 && denied < 150, "seed \(seed): \(denied) denied")
    }
}
