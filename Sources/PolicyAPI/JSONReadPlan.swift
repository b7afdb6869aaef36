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
            Members(entries: more.entries + self.entries.filter { more.entry(for: $0.key) == nil })
        }

        private init(entries: [(key: String, plan: JSONReadPlan)]) {
            self.entries = entries
            self.utf8Keys = entries.map { Array($0.key.utf8) }
            self.signatures = self.utf8Keys.map { key in key.withUnsafeBufferPointer(Self.signature) }
        }

        /// How many members are named.
        var count: Int { self.entries.count }

        /// The entry named for the key with these UTF-8 bytes, if any: its plan, and its own copy of the key.
        func entry(utf8 key: UnsafeBufferPointer<UInt8>) -> (key: String, plan: JSONReadPlan)? {
            let signature = Self.signature(key)
            for (position, candidate) in self.signatures.enumerated() where candidate == signature {
                if key.count <= 7 || self.utf8Keys[position].isEqual(toUTF8: key) { return self.entries[position] }
            }
            return nil
        }

        /// The entry named for `key`, if any.
        func entry(for key: String) -> (key: String, plan: JSONReadPlan)? {
            var key = key
            return key.withUTF8 { self.entry(utf8: $0) }
        }

        /// A key's length (low byte, saturated) and its first seven bytes: equal keys have equal signatures, and
        /// keys of up to seven bytes are equal exactly when their signatures are.
        private static func signature(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
            let length = UInt64(min(key.count, 255))
            // Eight bytes or more: one load, whose eighth byte shifts out (little-endian: the first byte is lowest).
            if key.count >= 8, let base = key.baseAddress {
                return UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(as: UInt64.self)) << 8 | length
            }
            var word = length
            for (offset, byte) in key.enumerated() { word |= UInt64(byte) << (8 * (offset + 1)) }
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
