/// Which parts of a JSON document to build as `JSONValue`s; the rest is only checked for syntax and UTF-8.
///
/// The request path reads a few fields of objects that can weigh megabytes (managedFields, the
/// last-applied-configuration annotation, pod specs): a plan lets the work scale with what the rules read.
package indirect enum JSONReadPlan: Sendable {
    /// Build the whole value.
    case all
    /// Check the value's syntax, build nothing (the member is left out of its object).
    case skip
    /// For an object: build each member by its own plan, `otherwise` for members not named. For anything else:
    /// like `.all`.
    case members(Members, otherwise: JSONReadPlan)
    /// For an array: build each element by `plan`. For anything else: like `.all`.
    case elements(JSONReadPlan)
    /// Check the value's syntax and record its byte range in slot `slot`, to be read later with another plan
    /// (the object of a review, whose plan depends on the kind read after it may appear).
    case deferred(slot: Int)
    /// Build the whole value and keep a copy in slot `slot`, for `dependent` plans that follow.
    case capture(slot: Int)
    /// The plan the parse's resolver gives once the captured values are known; when it has none yet (the value
    /// it depends on comes later in the document), like `.deferred(slot:)`.
    case dependent(slot: Int)

    /// How many members of an object read with this plan may be built, when the plan bounds it (it builds named
    /// members only); nil when any member may be.
    var memberLimit: Int? {
        guard case .members(let members, otherwise: .skip) = self else { return nil }
        return members.count
    }

    /// The plan for member `key` of an object read with this plan.
    func plan(forMember key: String) -> JSONReadPlan {
        var key = key
        return key.withUTF8 { self.member(utf8: $0).plan }
    }

    /// The plan for the member whose key is these UTF-8 bytes (a key without escapes, read in place): the parser
    /// makes no string for a member the plan skips. When the plan names the key, its own copy of the key comes
    /// with it, so a built member needs no new string either.
    func member(utf8 key: UnsafeBufferPointer<UInt8>) -> (plan: JSONReadPlan, namedKey: String?) {
        switch self {
        case .members(let members, let otherwise):
            if let named = members.entry(utf8: key) { return (named.plan, named.key) }
            return (otherwise, nil)
        case .all: return (.all, nil)
        case .skip, .deferred, .dependent: return (.skip, nil)
        case .capture, .elements: return (.all, nil)
        }
    }
}

/// Gives the plan of a `.dependent` value once the values it depends on are captured.
///
/// A protocol rather than a closure: the parser keeps its resolver, and a stored closure costs a heap context on
/// every parse.
package protocol JSONPlanResolver {
    /// The plan for the value of `.dependent` plans, from the values captured so far; nil when they do not tell
    /// yet (the value is then deferred).
    func plan(captured: Slots<JSONValue>) -> JSONReadPlan?
}

extension JSONReadPlan {
    /// The named members of a `.members` plan: a handful at most, so a linear search beats hashing each key of
    /// the document a second time.
    package struct Members: Sendable, ExpressibleByDictionaryLiteral {
        private var entries: [(key: String, plan: JSONReadPlan)]
        /// Per entry, in the order of `entries`: the key's length and first seven bytes in one word, so a search
        /// compares one word per candidate and reads the rest of a key only when those agree.
        private var signatures: [UInt64]
        /// The keys' UTF-8 bytes, in the order of `entries`.
        private var utf8Keys: [[UInt8]]

        package init(dictionaryLiteral elements: (String, JSONReadPlan)...) {
            self.init(entries: elements.map { (key: $0.0, plan: $0.1) })
        }

        package init(_ entries: [String: JSONReadPlan]) {
            self.init(entries: entries.map { (key: $0.key, plan: $0.value) })
        }

        /// These entries and `more` (which win for keys named in both).
        package func adding(_ more: Members) -> Members {
            Members(entries: more.entries + self.entries.filter { more.plan(for: $0.key) == nil })
        }

        private init(entries: [(key: String, plan: JSONReadPlan)]) {
            self.entries = entries
            self.utf8Keys = entries.map { Array($0.key.utf8) }
            self.signatures = self.utf8Keys.map { key in key.withUnsafeBufferPointer(Self.signature) }
        }

        /// How many members are named.
        var count: Int { self.entries.count }

        /// The entry named for the key with these UTF-8 bytes, if any.
        func entry(utf8 key: UnsafeBufferPointer<UInt8>) -> (key: String, plan: JSONReadPlan)? {
            let signature = Self.signature(key)
            for (position, candidate) in self.signatures.enumerated() where candidate == signature {
                if key.count <= 7 || self.utf8Keys[position].isEqual(toUTF8: key) { return self.entries[position] }
            }
            return nil
        }

        /// The plan named for `key`, if any.
        func plan(for key: String) -> JSONReadPlan? {
            var key = key
            return key.withUTF8 { self.entry(utf8: $0)?.plan }
        }

        /// A key's length (low byte, saturated) and its first seven bytes: equal keys have equal signatures, and
        /// keys of up to seven bytes are equal exactly when their signatures are.
        private static func signature(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
            var word = UInt64(min(key.count, 255))
            for (offset, byte) in key.prefix(7).enumerated() { word |= UInt64(byte) << (8 * (offset + 1)) }
            return word
        }
    }
}

extension JSONReadPlan {
    /// Kubernetes object metadata without managedFields and kubectl's last-applied copy of the whole object: the
    /// two parts that grow with the object and that no rule or cache reads.
    package static let metadataWithoutHistory = JSONReadPlan.members(
        ["managedFields": .skip, "annotations": annotationsWithoutLastApplied], otherwise: .all
    )

    /// Every annotation but kubectl's last-applied copy of the whole object.
    package static let annotationsWithoutLastApplied = JSONReadPlan.members(
        ["kubectl.kubernetes.io/last-applied-configuration": .skip], otherwise: .all
    )
}
