import PolicyAPI

/// A structural OpenAPI v3 schema, as a CRD version declares it: what the API server would enforce.
///
/// Only what Linkerd's CRDs use is modelled. Unknown fields are not errors (the API server prunes them), and a
/// `null` member counts as absent (the API server drops nulls of non-nullable fields).
package indirect enum Schema: Sendable {
    /// An object with known properties; `required` names properties that must be present.
    case object(properties: SchemaProperties, required: [String] = [])
    /// A `map[string]T` (`additionalProperties`).
    case map(values: Schema)
    /// A list.
    case array(items: Schema, minItems: Int? = nil, maxItems: Int? = nil)
    /// A string with optional enum, length bounds and a named format check.
    case string(StringConstraint = StringConstraint())
    /// An integer with optional bounds.
    case integer(minimum: Int64? = nil, maximum: Int64? = nil)
    /// `x-kubernetes-int-or-string`.
    case intOrString
    /// A boolean.
    case boolean
    /// Anything (`x-kubernetes-preserve-unknown-fields` without a type).
    case any

    /// An object with properties and required fields (shorthand).
    package static func object(_ properties: SchemaProperties, required: [String] = []) -> Schema {
        .object(properties: properties, required: required)
    }

    /// A string with an enum (shorthand).
    package static func `enum`(_ values: [String]) -> Schema {
        .string(StringConstraint(allowedValues: values))
    }
}

/// The properties of an object schema, by name.
///
/// A CRD object declares a handful of properties, and the schema walk looks one up for every member of every
/// object it checks: a scan comparing short (inline) strings costs less than hashing each member name.
package struct SchemaProperties: Sendable, ExpressibleByDictionaryLiteral {
    private var entries: [(name: String, schema: Schema)]

    package init(dictionaryLiteral elements: (String, Schema)...) {
        self.entries = []
        for (name, schema) in elements { self.declare(name, schema) }
    }

    /// Adds property `name`. A property declared twice is a mistake in the schema, as a repeated dictionary-literal
    /// key would be.
    package mutating func declare(_ name: String, _ schema: Schema) {
        precondition(self[name] == nil, "property \(name) is declared twice")
        self.entries.append((name: name, schema: schema))
    }

    /// The schema of property `name`. Lengths are compared first: most members differ in length from most
    /// property names, and comparing lengths is a load where comparing strings is a call.
    package subscript(name: String) -> Schema? {
        let length = name.utf8.count
        for position in self.entries.indices {
            let entryName = self.entries[position].name
            if entryName.utf8.count == length && entryName == name { return self.entries[position].schema }
        }
        return nil
    }
}

/// The rules a string value must follow.
///
/// A class: the schema walk takes a string schema's constraint out of its enum case for every string it checks, and
/// copying a struct of optionals goes through the runtime's generic value witnesses, once per string checked.
package final class StringConstraint: Sendable {
    /// The enum, when the schema has one (case-sensitive).
    package let allowedValues: [String]?
    package let minLength: Int?
    package let maxLength: Int?
    /// A pattern or format check, with the words that say what is allowed.
    package let format: StringFormat?

    package init(allowedValues: [String]? = nil, minLength: Int? = nil, maxLength: Int? = nil, format: StringFormat? = nil) {
        self.allowedValues = allowedValues
        self.minLength = minLength
        self.maxLength = maxLength
        self.format = format
    }
}

/// A named check standing for a CRD `pattern` or `format`.
package struct StringFormat: Sendable {
    /// What is allowed, for the message ("a DNS-1123 label").
    package var allowed: String
    package var isValid: @Sendable (String) -> Bool

    package init(allowed: String, isValid: @escaping @Sendable (String) -> Bool) {
        self.allowed = allowed
        self.isValid = isValid
    }
}
