@testable import KubeCache
import Testing

/// The index keeps the overlap rule linear: the candidates of one review stay few however many Servers the
/// namespace holds (work counted, not timed).
struct ServerCandidateIndexTests {
    static func server(_ index: Int, port: ServerPort, labels: [String: String]) -> ServerRecord {
        ServerRecord(namespace: "big", name: "s\(index)", selector: .pods(LabelSelector(matchLabels: labels)), port: port)
    }

    @Test func tenThousandServersOnOnePortGiveOneCandidateByLabel() {
        var index = ServerCandidateIndex()
        for number in 0..<10_000 { index.insert(Self.server(number, port: .number(8080), labels: ["app": "a\(number)"])) }
        #expect(index.candidates(port: .number(8080), matchLabels: ["app": "a42"]) == ["s42"])
        #expect(index.candidates(port: .number(8080), matchLabels: ["app": "new"]) == [])
    }

    @Test func numberedPortCandidatesAreThatPortAndNamedPorts() {
        var index = ServerCandidateIndex()
        for number in 0..<10_000 { index.insert(Self.server(number, port: .number(8000 + number % 100), labels: [:])) }
        index.insert(Self.server(10_000, port: .name("http"), labels: [:]))
        let candidates = index.candidates(port: .number(8001), matchLabels: [:])
        #expect(candidates?.count == 101)
        #expect(candidates?.contains("s10000") == true)
    }

    @Test func aServerWithoutTheKeyKeepsEveryoneACandidate() {
        var index = ServerCandidateIndex()
        index.insert(Self.server(0, port: .name("http"), labels: ["app": "a"]))
        index.insert(Self.server(1, port: .name("http"), labels: [:]))
        #expect(index.candidates(port: .name("http"), matchLabels: ["app": "b"]) == nil)
    }

    @Test func removedServersLeaveTheIndex() {
        var index = ServerCandidateIndex()
        let server = Self.server(0, port: .number(80), labels: ["app": "a"])
        index.insert(server)
        index.remove(server)
        #expect(index.count == 0)
        #expect(index.candidates(port: .number(80), matchLabels: ["app": "a"]) == [])
    }
}
