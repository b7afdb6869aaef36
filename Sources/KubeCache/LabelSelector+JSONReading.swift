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
            let op = entry["operator"]?.stringValue.flatMap(LabelSelector.Requirement.Operator.init(rawValue:))
        else { return nil }
        return (key, op, entry["values"]?.arrayValue ?? [])
    }
}
