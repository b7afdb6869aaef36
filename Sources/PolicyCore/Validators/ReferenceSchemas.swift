/// The reference shapes Linkerd's CRDs share (modified from the Gateway API): `group`, `kind`, `name`, `namespace`
/// with their patterns and length bounds.
enum ReferenceSchemas {
    /// `group`: empty or a lowercase DNS subdomain, at most 253 characters.
    static let group: Schema = .string(StringConstraint(maxLength: 253, format: .group))
    /// `kind`: 1-63 characters, a letter first.
    static let kind: Schema = .string(StringConstraint(minLength: 1, maxLength: 63, format: .kind))
    /// `name`: 1-253 characters.
    static let name: Schema = .string(StringConstraint(minLength: 1, maxLength: 253))
    /// `namespace`: at most 253 characters.
    static let namespace: Schema = .string(StringConstraint(maxLength: 253))

    /// A reference object with the given required members.
    static func reference(required: [String], namespaced: Bool) -> Schema {
        var properties: SchemaProperties = ["group": Self.group, "kind": Self.kind, "name": Self.name]
        if namespaced { properties.declare("namespace", Self.namespace) }
        return .object(properties, required: required)
    }
}
