// PolicyAPI: the wire shapes the webhook reads and writes (JSON values, AdmissionReview), and nothing else.
// It must never import a socket, a TLS or a logging module: PolicyCore and KubeCache build on it.
//
// [ bytes ] -> JSONDecoding.decode -> [ JSONValue ] -> AdmissionReview / policy objects

/// A JSON document as a tree: what every rule reads, with field paths for its messages.
///
/// Integers are kept apart from other numbers because Kubernetes schemas distinguish `integer` from `number`
/// (a port of `80.5` is a type error, not a port).
package enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

// MARK: - Accessors

extension JSONValue {
    /// The member `key` of an object; nil when this is not an object or has no such member.
    package subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The members of an object, or nil.
    package var objectValue: JSONObject? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements of an array, or nil.
    package var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The string, or nil.
    package var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    /// The integer, or nil (a double with an integral value is not an integer here).
    package var integerValue: Int64? {
        if case .integer(let integer) = self { return integer }
        return nil
    }

    /// The boolean, or nil.
    package var boolValue: Bool? {
        if case .bool(let bool) = self { return bool }
        return nil
    }

    /// True for JSON `null`.
    package var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The JSON type name as OpenAPI spells it, for messages ("expected string, found integer").
    package var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .integer: return "integer"
        case .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// The member at `key` unless it is absent or null: "set" in the sense of the exactly-one-of rules.
    package func presentMember(_ key: String) -> JSONValue? {
        guard let value = self[key], !value.isNull else { return nil }
        return value
    }
}
