import KubeClient
import PolicyAPI
import Testing

/// The pure watch stream decoder: any split of the bytes gives the same events.
@Suite struct WatchEventDecoderTests {
    static let stream = Array(
        """
        {"type":"ADDED","object":{"kind":"Pod","metadata":{"name":"web-1","namespace":"shop","resourceVersion":"11"}}}
        {"type":"MODIFIED","object":{"metadata":{"name":"we}b\\"{","resourceVersion":"12","labels":{"a":"[{"}}}}
        {"type":"BOOKMARK","object":{"kind":"Pod","metadata":{"resourceVersion":"15"}}}
        {"type":"DELETED","object":{"metadata":{"name":"web-1","namespace":"shop","resourceVersion":"16"}}}

        """.utf8)

    static func decodeAll(_ pieces: [ArraySlice<UInt8>]) throws -> [WatchEvent] {
        var decoder = WatchEventDecoder()
        var events: [WatchEvent] = []
        for piece in pieces { events += try decoder.feed(piece) }
        #expect(!decoder.hasPartialEvent)
        return events
    }

    @Test func wholeStreamDecodesFourEventsInOrder() throws {
        let events = try Self.decodeAll([Self.stream[...]])
        #expect(events.map(\.type) == [.added, .modified, .bookmark, .deleted])
        #expect(events.map(\.resourceVersion) == ["11", "12", "15", "16"])
        #expect(events[1].object["metadata"]?["name"] == .string("we}b\"{"))
    }

    @Test func everyTwoWaySplitDecodesTheSameEvents() throws {
        let expected = try Self.decodeAll([Self.stream[...]])
        for cut in 0...Self.stream.count {
            let events = try Self.decodeAll([Self.stream[..<cut], Self.stream[cut...]])
            #expect(events == expected, "split at \(cut)")
        }
    }

    @Test func byteAtATimeDecodesTheSameEvents() throws {
        let expected = try Self.decodeAll([Self.stream[...]])
        let events = try Self.decodeAll(Self.stream.indices.map { Self.stream[$0...$0] })
        #expect(events == expected)
    }

    @Test func partialEventIsReportedAndNotEmitted() throws {
        var decoder = WatchEventDecoder()
        let events = try decoder.feed(Self.stream.prefix(60))
        #expect(events.isEmpty)
        #expect(decoder.hasPartialEvent)
    }

    @Test func oversizedEventFails() {
        var decoder = WatchEventDecoder(maximumEventSize: 64)
        #expect(throws: KubeClientError.oversized("")) {
            _ = try decoder.feed(Self.stream)
        }
    }

    @Test func errorEventCarriesStatusCode410() throws {
        let bytes = Array(
            #"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 5 (9)","reason":"Expired","code":410}}"#
                .utf8) + [10]
        var decoder = WatchEventDecoder()
        let events = try decoder.feed(bytes)
        #expect(events.count == 1)
        #expect(events.first?.type == .error)
        #expect(events.first?.statusCode == 410)
        #expect(events.first?.statusText == "Expired: too old resource version: 5 (9)")
    }

    @Test func unknownEventTypeIsSkipped() throws {
        var decoder = WatchEventDecoder()
        let events = try decoder.feed(Array(#"{"type":"FUTURE","object":{}}{"type":"ADDED","object":{}}"#.utf8))
        #expect(events.map(\.type) == [.added])
    }

    @Test func bytesOutsideAnObjectFail() {
        var decoder = WatchEventDecoder()
        #expect(throws: KubeClientError.malformedResponse("")) {
            _ = try decoder.feed(Array("oops".utf8))
        }
    }
}
