import PolicyAPI

/// The strict JSON parser against FoundationEssentials' decoder, and against its own writer.
///
/// Invariants, for every document the strict parser accepts: Foundation accepts it too and reads the same tree
/// (numbers compared by value, since Foundation reads `1.0` as an integer where the strict parser keeps a
/// double); writing the tree with `JSONWriter` and parsing it again gives the same tree. Documents the strict
/// parser refuses may still be accepted by Foundation (it is laxer about surrogates), so they are not compared.
enum JSONFuzz {
    static func run(_ bytes: [UInt8]) {
        guard let ours = try? JSONDecoding.decode(bytes) else { return }
        guard let foundations = try? JSONDecoding.decodeWithFoundation(bytes) else {
            fatalError("invariant violated: Foundation refuses a document the strict parser accepts")
        }
        require(Self.agree(ours, foundations), "the strict parser and Foundation read different trees")
        var writer = JSONWriter()
        writer.value(ours)
        guard let reread = try? JSONDecoding.decode(writer.bytes) else {
            fatalError("invariant violated: JSONWriter output does not parse")
        }
        require(Self.agree(ours, reread), "a written tree reads back differently")
    }

    /// Structural equality with numbers compared by value.
    static func agree(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.integer(let integer), .double(let double)), (.double(let double), .integer(let integer)):
            return Double(integer) == double
        case (.double(let left), .double(let right)):
            return left == right || abs(left - right) <= abs(left) * 1e-15
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { Self.agree($0, $1) }
        case (.object(let left), .object(let right)):
            return left.count == right.count
                && left.allSatisfy { key, value in right[key].map { Self.agree(value, $0) } ?? false }
        default:
            return lhs == rhs
        }
    }
}
