/// The members of a JSON object, kept as a small array in document order with unique keys.
///
/// Admission objects are made of many small objects (a selector, a port reference, a kind triple) that the rules
/// read a member or two of. Building a hashed dictionary for each would cost more than the rest of decoding
/// (hashing every key on insert, then again on each lookup), so members are an array searched linearly; short
/// keys compare as two machine words. Objects above `hashedLookupThreshold` members (labels or annotations
/// written to stress the webhook) get a key index, so neither construction nor lookups turn quadratic.
///
/// Equality and hashing ignore member order, as JSON object semantics require.
package struct JSONObject: Sendable {
    /// One member. A struct rather than a tuple: arrays of tuples are copied and destroyed through the runtime's
    /// generic tuple witnesses, which are slower than a struct's own.
    package struct Member: Sendable {
        package var key: String
        package var value: JSONValue

        package init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// Above this many members, keys are indexed by hash rather than searched.
    static let hashedLookupThreshold = 16

    private var members: [Member]
    /// Position of each key in `members`; only for objects above the threshold.
    private var index: [String: Int]?

    /// An empty object.
    package init() {
        self.members = []
        self.index = nil
    }

    /// An object of these members; a repeated key keeps its last value, at the position of its first occurrence
    /// (as Go's encoding/json and the API server read duplicates).
    package init(keepingLastOf members: [Member]) {
        self.members = members
        self.index = nil
        guard members.count > Self.hashedLookupThreshold || Self.hasRepeatedKey(members) else { return }
        // Rebuilt through the subscript, which keeps a repeated key at its first position and indexes large objects.
        self.members = []
        self.members.reserveCapacity(members.count)
        for member in members { self[member.key] = member.value }
    }

    /// An object with the members of a dictionary (order unspecified).
    package init(_ dictionary: [String: JSONValue]) {
        self.init(keepingLastOf: dictionary.map { Member(key: $0.key, value: $0.value) })
    }

    private static func hasRepeatedKey(_ members: [Member]) -> Bool {
        guard members.count > 1 else { return false }
        // Lengths are compared first: different lengths never need the string comparison.
        for later in 1..<members.count {
            let key = members[later].key
            let length = key.utf8.count
            for earlier in 0..<later where members[earlier].key.utf8.count == length && members[earlier].key == key {
                return true
            }
        }
        return false
    }

    // MARK: - Reading

    /// The number of members.
    package var count: Int { self.members.count }

    /// True when the object has no member.
    package var isEmpty: Bool { self.members.isEmpty }

    /// The member names, in document order.
    package var keys: [String] { self.members.map(\.key) }

    /// The member values, in document order.
    package var values: [JSONValue] { self.members.map(\.value) }

    private func position(of key: String) -> Int? {
        if let index = self.index { return index[key] }
        // Lengths first: most members differ in length from the key sought, and comparing lengths is a load where
        // comparing strings is a call.
        let length = key.utf8.count
        for position in self.members.indices {
            let candidate = self.members[position].key
            if candidate.utf8.count == length && candidate == key { return position }
        }
        return nil
    }

    /// Whether the member `key` is present and not `null` ("set" in the sense of the exactly-one-of rules),
    /// decided in place, without copying the value out.
    package func hasPresentMember(_ key: String) -> Bool {
        guard let position = self.position(of: key) else { return false }
        return !self.members[position].value.isNull
    }

    /// Calls `body` with each member in document order, reading the members in place: iterating the object as a
    /// `Sequence` makes a `(key, value)` tuple per member, copying (retaining) both.
    package func forEachMember(_ body: (_ key: String, _ value: JSONValue) throws -> Void) rethrows {
        for position in self.members.indices {
            try body(self.members[position].key, self.members[position].value)
        }
    }

    /// The member named `key`; setting nil removes it.
    package subscript(key: String) -> JSONValue? {
        get {
            guard let position = self.position(of: key) else { return nil }
            return self.members[position].value
        }
        set {
            switch (self.position(of: key), newValue) {
            case (let position?, let value?):
                self.members[position].value = value
            case (let position?, nil):
                self.members.remove(at: position)
                if self.index != nil { self.reindex() }
            case (nil, let value?):
                self.members.append(Member(key: key, value: value))
                if self.index != nil {
                    self.index?[key] = self.members.count - 1
                } else if self.members.count > Self.hashedLookupThreshold {
                    self.reindex()
                }
            case (nil, nil):
                break
            }
        }
    }

    private mutating func reindex() {
        guard self.members.count > Self.hashedLookupThreshold else {
            self.index = nil
            return
        }
        var index: [String: Int] = [:]
        index.reserveCapacity(self.members.count)
        for (position, member) in self.members.enumerated() { index[member.key] = position }
        self.index = index
    }
}

extension JSONObject: Sequence {
    package typealias Element = (key: String, value: JSONValue)

    package struct Iterator: IteratorProtocol {
        fileprivate var members: IndexingIterator<[Member]>

        package mutating func next() -> (key: String, value: JSONValue)? {
            self.members.next().map { (key: $0.key, value: $0.value) }
        }
    }

    package func makeIterator() -> Iterator {
        Iterator(members: self.members.makeIterator())
    }

    package var underestimatedCount: Int { self.members.count }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    package init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(keepingLastOf: elements.map { Member(key: $0.0, value: $0.1) })
    }
}

extension JSONObject: Hashable {
    /// Same members with equal values, in any order.
    package static func == (left: JSONObject, right: JSONObject) -> Bool {
        guard left.count == right.count else { return false }
        for member in left.members {
            guard let other = right[member.key], other == member.value else { return false }
        }
        return true
    }

    /// Combines the members' hashes commutatively, so that order does not matter.
    package func hash(into hasher: inout Hasher) {
        var combined = 0
        for member in self.members {
            var memberHasher = Hasher()
            memberHasher.combine(member.key)
            memberHasher.combine(member.value)
            combined = combined &+ memberHasher.finalize()
        }
        hasher.combine(self.members.count)
        hasher.combine(combined)
    }
}
