import PolicyAPI

/// The strict JSON parser against FoundationEssentials' decoder, and against its own writer.
///
/// Invariants, for every document the strict parser accepts: Foundation accepts it too and reads the same tree
/// (numbers compared by value, since Foundation reads `1.0` as an integer where the strict parser keeps a
/// double) unless an object repeats a key (the strict parser keeps the last value, as Go's encoding/json and so
/// the API server do; Foundation keeps the first); writing the tree with `JSONWriter` and parsing it again gives the same tree. Documents the strict
/// parser refuses may still be accepted by Foundation (it is laxer about surrogates), so they are not compared.
enum JSONFuzz {
    static func run(_ bytes: [UInt8]) {
        guard let ours = try? JSONDecoding.decode(bytes) else { return }
        if Self.hasDuplicateKeys(bytes) { return }
        guard let foundations = try? JSONDecoding.decodeWithFoundation(bytes) else {
            fatalError("invariant violated: Foundation refuses a document the strict parser accepts")
        }
        if let path = Self.disagreement(ours, foundations) {
            fatalError("invariant violated: the strict parser and Foundation read different trees at \(path)")
        }
        var writer = JSONWriter()
        writer.value(ours)
        guard let reread = try? JSONDecoding.decode(writer.bytes) else {
            fatalError("invariant violated: JSONWriter output does not parse")
        }
        if let path = Self.disagreement(ours, reread) {
            fatalError("invariant violated: a written tree reads back differently at \(path)")
        }
    }

    /// The path of the first place the trees differ (numbers compared by value), or nil when they agree.
    static func disagreement(_ lhs: JSONValue, _ rhs: JSONValue, at path: String = "$") -> String? {
        switch (lhs, rhs) {
        case (.integer(let integer), .double(let double)), (.double(let double), .integer(let integer)):
            return Double(integer) == double ? nil : "\(path) (\(lhs) vs \(rhs))"
        case (.double(let left), .double(let right)):
            return left == right || abs(left - right) <= abs(left) * 1e-15 ? nil : "\(path) (\(left) vs \(right))"
        case (.array(let left), .array(let right)):
            guard left.count == right.count else { return "\(path) (\(left.count) vs \(right.count) elements)" }
            for (index, pair) in zip(left, right).enumerated() {
                if let found = Self.disagreement(pair.0, pair.1, at: "\(path)[\(index)]") { return found }
            }
            return nil
        case (.object(let left), .object(let right)):
            for key in Set(left.keys).union(right.keys).sorted() {
                guard let leftValue = left[key], let rightValue = right[key] else {
                    return "\(path).\(key) (present on one side only)"
                }
                if let found = Self.disagreement(leftValue, rightValue, at: "\(path).\(key)") { return found }
            }
            return nil
        default:
            return lhs == rhs ? nil : "\(path) (\(String(reflecting: lhs).prefix(80)) vs \(String(reflecting: rhs).prefix(80)))"
        }
    }

    /// Whether some object of a valid document repeats a key (compared after unescaping).
    static func hasDuplicateKeys(_ bytes: [UInt8]) -> Bool {
        // One entry per open container: the keys seen so far, or nil for an array.
        var stack: [Set<String>?] = []
        var expectsKey = false
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "{"):
                stack.append([])
                expectsKey = true
            case UInt8(ascii: "["):
                stack.append(nil)
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                stack.removeLast()
            case UInt8(ascii: ","):
                expectsKey = stack.last.map { $0 != nil } ?? false
            case UInt8(ascii: "\""):
                var end = index + 1
                while bytes[end] != UInt8(ascii: "\"") { end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1 }
                if expectsKey, let key = (try? JSONDecoding.decode(bytes[index...end]))?.stringValue {
                    if stack[stack.count - 1]?.insert(key).inserted == false { return true }
                }
                expectsKey = false
                index = end
            default:
                break
            }
            index += 1
        }
        return false
    }
}
