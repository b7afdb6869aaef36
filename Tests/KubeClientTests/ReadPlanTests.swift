import KubeCache
import KubeClient
import PolicyAPI
import Testing

/// LIST pages and watch events build only what the cache keeps; the records must equal those of a full parse.
@Suite struct ReadPlanTests {
    static func encoded(_ value: JSONValue) -> [UInt8] {
        var writer = JSONWriter()
        writer.value(value)
        return writer.bytes
    }

    static let heavyPod: JSONValue = {
        guard case .object(var pod) = ObjectBuilder.pod("shop", "web-1", ports: [("http", 8080), ("admin", 9990)]) else { return .null }
        guard case .object(var metadata) = pod["metadata"] ?? .null else { return .null }
        metadata["managedFields"] = .array([.object(["manager": .string("kubectl"), "fieldsV1": .object(["f:spec": .object([:])])])])
        metadata["annotations"] = .object(["kubectl.kubernetes.io/last-applied-configuration": .string(#"{"kind":"Pod","x":"\u00e9\n"}"#)])
        pod["metadata"] = .object(metadata)
        pod["status"] = .object(["phase": .string("Running"), "conditions": .array([.object(["type": .string("Ready")])])])
        return .object(pod)
    }()

    @Test func podRecordFromThePlannedListEqualsTheFullOne() throws {
        let page = Self.encoded(.object([
            "kind": .string("PodList"),
            "metadata": .object(["resourceVersion": .string("42"), "continue": .string("abc")]),
            "items": .array([Self.heavyPod]),
        ]))
        let planned = try #require(try JSONDecoding.decode(page, plan: ResourceKind.pods.listPlan))
        let full = try JSONDecoding.decode(page)
        #expect(planned["metadata"]?["continue"] == .string("abc"))
        let plannedPod = try #require(planned["items"]?.arrayValue?.first.flatMap(PodRecord.init(object:)))
        let fullPod = try #require(full["items"]?.arrayValue?.first.flatMap(PodRecord.init(object:)))
        #expect(plannedPod == fullPod)
        #expect(plannedPod.phase == "Running")
        #expect(planned["items"]?.arrayValue?.first?["metadata"]?["managedFields"] == nil)
    }

    @Test func plannedEventsKeepTypeResourceVersionAndStatus() throws {
        var decoder = WatchEventDecoder(plan: ResourceKind.pods.eventPlan)
        let events = try decoder.feed(
            Self.encoded(.object(["type": .string("ADDED"), "object": Self.heavyPod]))
                + Array(#"{"type":"BOOKMARK","object":{"kind":"Pod","metadata":{"resourceVersion":"77"}}}"#.utf8)
                + Array(#"{"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired","message":"too old"}}"#.utf8)
        )
        #expect(events.map(\.type) == [.added, .bookmark, .error])
        #expect(PodRecord(object: events[0].object)?.ports.count == 2)
        #expect(events[1].resourceVersion == "77")
        #expect(events[2].statusCode == 410)
        #expect(events[2].statusText == "Expired: too old")
    }
}
