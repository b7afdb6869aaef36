import PolicyAPI
import Testing

@Suite struct JSONReadPlanTests {
    /// Keys that share a length and their first seven bytes differ only past the part a plan compares first.
    @Test func namedMembersMatchWholeKeysOnly() throws {
        let plan = JSONReadPlan.members(
            ["a": .all, "abcdefg": .all, "abcdefgh": .all, "abcdefghX": .all, "matchLabels": .all], otherwise: .skip
        )
        let body = #"{"a":1,"ab":2,"abcdefg":3,"abcdefgh":4,"abcdefgZ":0,"abcdefghX":5,"abcdefghY":6,"matchLabels":7,"matchLabelz":8}"#
        let value = try #require(try JSONDecoding.decode(Array(body.utf8), plan: plan))
        #expect(value.objectValue?.keys.sorted() == ["a", "abcdefg", "abcdefgh", "abcdefghX", "matchLabels"])
        #expect(value["abcdefgh"] == .integer(4))
        #expect(value["abcdefghX"] == .integer(5))
        #expect(value["matchLabels"] == .integer(7))
    }

    @Test func escapedKeysFollowTheirPlanToo() throws {
        let plan = JSONReadPlan.members(["name": .all], otherwise: .skip)
        let value = try #require(try JSONDecoding.decode(Array(#"{"n\u0061me":"x","other":1}"#.utf8), plan: plan))
        #expect(value.objectValue?.keys == ["name"])
        #expect(value["name"] == .string("x"))
    }
}
