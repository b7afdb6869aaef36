import PolicyAPI
import Testing

@Suite struct JSONObjectTests {
    @Test func repeatedKeyKeepsTheLastValueAtItsFirstPosition() throws {
        let value = try JSONDecoding.decode(Array(#"{"a":1,"b":2,"a":3}"#.utf8))
        let object = try #require(value.objectValue)
        #expect(object.count == 2)
        #expect(object["a"] == .integer(3))
        #expect(object.keys == ["a", "b"])
    }

    @Test func equalityAndHashIgnoreMemberOrder() throws {
        let first = try JSONDecoding.decode(Array(#"{"a":1,"b":{"x":true,"y":null}}"#.utf8))
        let second = try JSONDecoding.decode(Array(#"{"b":{"y":null,"x":true},"a":1}"#.utf8))
        #expect(first == second)
        #expect(first.hashValue == second.hashValue)
        let different = try JSONDecoding.decode(Array(#"{"a":1,"b":{"x":false,"y":null}}"#.utf8))
        #expect(first != different)
        #expect(Set([first, second, different]).count == 2)
    }

    @Test func largeObjectsAreIndexedAndKeepTheLastOfRepeatedKeys() throws {
        let count = JSONObjectTestsSupport.large
        var text = "{"
        for index in 0..<count { text += "\"k\(index)\":\(index)," }
        text += "\"k7\":\"last\"}"
        let object = try #require(try JSONDecoding.decode(Array(text.utf8)).objectValue)
        #expect(object.count == count)
        #expect(object["k7"] == .string("last"))
        #expect(object["k\(count - 1)"] == .integer(Int64(count - 1)))
        #expect(object["missing"] == nil)
    }

    @Test func settingAndRemovingMembersKeepsLookupsRight() {
        var object: JSONObject = ["a": .integer(1)]
        for index in 0..<40 { object["k\(index)"] = .integer(Int64(index)) }
        #expect(object.count == 41)
        #expect(object["k39"] == .integer(39))
        object["k3"] = nil
        #expect(object["k3"] == nil)
        #expect(object["k39"] == .integer(39))
        #expect(object.count == 40)
        for index in 0..<40 { object["k\(index)"] = nil }
        #expect(object.count == 1)
        #expect(object["a"] == .integer(1))
        object["a"] = .string("x")
        #expect(object == ["a": .string("x")])
    }

    @Test func iterationYieldsKeysAndValuesInDocumentOrder() throws {
        let object = try #require(try JSONDecoding.decode(Array(#"{"z":1,"a":2}"#.utf8)).objectValue)
        #expect(object.map(\.key) == ["z", "a"])
        #expect(object.map(\.value) == [.integer(1), .integer(2)])
    }
}

private enum JSONObjectTestsSupport {
    /// Well above the size from which members are indexed by hash.
    static let large = 1_000
}

@Suite struct KnownStringTests {
    @Test func sharedNamesDecodeToTheSameTextAsAnyOther() throws {
        let text = #"{"creationTimestamp":"policy.linkerd.io","matchExpressions":["policy.linkerd.io/v1beta3","policy.linkerd.io/v1beta4","MeshTLSAuthentication"]}"#
        let value = try JSONDecoding.decode(Array(text.utf8))
        #expect(value["creationTimestamp"] == .string("policy.linkerd.io"))
        #expect(value["matchExpressions"] == .array([
            .string("policy.linkerd.io/v1beta3"), .string("policy.linkerd.io/v1beta4"), .string("MeshTLSAuthentication"),
        ]))
        #expect(value == (try JSONDecoding.decodeWithFoundation(Array(text.utf8))))
    }
}
