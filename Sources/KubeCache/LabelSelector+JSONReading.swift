import PolicyAPI

/// The one reading of a label selector's JSON, shared by `LabelSelector(json:)` (the records the cache keeps) and
/// `CompiledSelector(json:strings:)` (the Server under review): both must accept and reject exactly the same
/// selectors, or a review would judge a Server otherwise than the cache stores it.
enum LabelSelectorJSON {
    /// A selector's `matchExpressions` entries and `matchLabels` members (keys unique: `JSONObject` keeps the
    /// last of repeated keys; values not strings are the caller's to leave out); nil when `json` is not an object.
    static func parts(_ json: JSONValue) -> (expressions: [JSONValue], matchLabels: JSONObject)? {
        guard case .object(let members) = json else { return nil }
        return (members["matchExpressions"]?.arrayValue ?? [], members["matchLabels"]?.objectValue ?? JSONObject())
    }

    /// An expression's key, operator and `values` as written (non-strings and repeats are the caller's to drop);
    /// nil when it lacks a string key or a known operator, which makes the whole selector unusable.
    static func expression(_ entry: JSONValue) -> (key: String, operator: LabelSelector.Requirement.Operator, values: [JSONValue])? {
        guard let key = entry["key"]?.stringValue,
            let op = entry["operator"]?.stringValue.flatMap(LabelSelector.Requirement.Operator.init(name:))
        else { return nil }
        return (key, op, entry["values"]?.arrayValue ?? [])
    }
}

extension LabelSelector.Requirement.Operator {
    /// The operator named exactly `name`, as `init(rawValue:)` finds it, but with one string comparison: the four
    /// names differ in length, so the length picks the only candidate (the synthesized init compares in turn).
    package init?(name: String) {
        let candidate: Self
        switch name.utf8.count {
        case 2: candidate = .in
        case 5: candidate = .notIn
        case 6: candidate = .exists
        case 12: candidate = .doesNotExist
        default: return nil
        }
        guard name == candidate.rawValue else { return nil }
        self = candidate
    }
}
