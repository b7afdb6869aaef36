import PolicyAPI

/// Checks a JSON value against a `Schema`, collecting every violation with its field path.
///
/// The walk keeps the current path as a stack of components and builds a `FieldPath` only when it reports,
/// so a valid object costs no path allocations.
package enum SchemaValidator {
    /// Validates `value` at `path` against `schema`.
    package static func validate(_ value: JSONValue, against schema: Schema, at path: FieldPath, into report: inout ValidationReport) {
        var walk = Walk(stack: path.components)
        // Room for the depth of a policy object, so the stack is allocated once.
        walk.stack.reserveCapacity(path.components.count + 12)
        walk.validate(value, against: schema, into: &report)
    }

    /// Checks a string against its constraint.
    package static func validate(_ string: String, _ constraint: StringConstraint, at path: FieldPath, into report: inout ValidationReport) {
        var walk = Walk(stack: path.components)
        walk.validate(string, constraint, into: &report)
    }

    /// One traversal, with the path to the current value.
    private struct Walk {
        var stack: [FieldPath.Component]

        private var path: FieldPath { FieldPath(self.stack) }

        mutating func validate(_ value: JSONValue, against schema: Schema, into report: inout ValidationReport) {
            switch schema {
            case .any:
                return
            case .object(let properties, let required):
                guard let members = value.objectValue else {
                    report.add(.schema, at: self.path, "must be an object, found \(value.typeName)")
                    return
                }
                for name in required where !members.hasPresentMember(name) {
                    report.add(.schema, at: self.path.field(name), "is required")
                }
                members.forEachMember { name, member in
                    guard !member.isNull, let propertySchema = properties[name] else { return }
                    self.stack.append(.field(name))
                    self.validate(member, against: propertySchema, into: &report)
                    self.stack.removeLast()
                }
            case .map(let valueSchema):
                guard let members = value.objectValue else {
                    report.add(.schema, at: self.path, "must be an object (a map), found \(value.typeName)")
                    return
                }
                for (key, member) in members {
                    self.stack.append(.key(key))
                    self.validate(member, against: valueSchema, into: &report)
                    self.stack.removeLast()
                }
            case .array(let items, let minItems, let maxItems):
                guard let elements = value.arrayValue else {
                    report.add(.schema, at: self.path, "must be a list, found \(value.typeName)")
                    return
                }
                if let minItems, elements.count < minItems {
                    report.add(.schema, at: self.path, "has \(elements.count) items; at least \(minItems) required")
                }
                if let maxItems, elements.count > maxItems {
                    report.add(.schema, at: self.path, "has \(elements.count) items; at most \(maxItems) allowed")
                }
                for (index, element) in elements.enumerated() {
                    self.stack.append(.index(index))
                    self.validate(element, against: items, into: &report)
                    self.stack.removeLast()
                }
            case .string(let constraint):
                guard let string = value.stringValue else {
                    report.add(.schema, at: self.path, "must be a string, found \(value.typeName)")
                    return
                }
                self.validate(string, constraint, into: &report)
            case .integer(let minimum, let maximum):
                guard let integer = value.integerValue else {
                    report.add(.schema, at: self.path, "must be an integer, found \(Self.describe(value))")
                    return
                }
                self.checkBounds(integer, minimum: minimum, maximum: maximum, into: &report)
            case .intOrString:
                switch value {
                case .integer, .string: return
                default: report.add(.schema, at: self.path, "must be an integer or a string, found \(Self.describe(value))")
                }
            case .boolean:
                if value.boolValue == nil {
                    report.add(.schema, at: self.path, "must be a boolean (true or false), found \(value.typeName)")
                }
            }
        }

        mutating func validate(_ string: String, _ constraint: StringConstraint, into report: inout ValidationReport) {
            if let allowed = constraint.allowedValues, !allowed.contains(string) {
                report.add(.schema, at: self.path, "unsupported value \(Quote.value(string)); must be one of \(allowed.joined(separator: ", "))")
                return
            }
            if constraint.minLength != nil || constraint.maxLength != nil, !Self.fitsLength(string, constraint) {
                // Characters as Kubernetes counts them (code points, Go's utf8.RuneCountInString), not graphemes.
                let length = string.unicodeScalars.count
                if let minLength = constraint.minLength, length < minLength {
                    report.add(.schema, at: self.path, "is \(length) characters long; at least \(minLength) required")
                }
                if let maxLength = constraint.maxLength, length > maxLength {
                    report.add(.schema, at: self.path, "is \(length) characters long; at most \(maxLength) allowed")
                }
            }
            if let format = constraint.format, !format.isValid(string) {
                report.add(.schema, at: self.path, "invalid value \(Quote.value(string)); must be \(format.allowed)")
            }
        }

        /// Whether the string's length is within the constraint's bounds for certain without counting its code
        /// points (which walks the string): it has between a quarter of its UTF-8 bytes, rounded up, and all of them.
        private static func fitsLength(_ string: String, _ constraint: StringConstraint) -> Bool {
            let bytes = string.utf8.count
            let fewest = (bytes + 3) / 4
            return (constraint.minLength.map { fewest >= $0 } ?? true) && (constraint.maxLength.map { bytes <= $0 } ?? true)
        }

        private func checkBounds(_ integer: Int64, minimum: Int64?, maximum: Int64?, into report: inout ValidationReport) {
            switch (minimum, maximum) {
            case (let minimum?, let maximum?) where integer < minimum || integer > maximum:
                report.add(.schema, at: self.path, "\(integer) is out of range; must be between \(minimum) and \(maximum)")
            case (let minimum?, nil) where integer < minimum:
                report.add(.schema, at: self.path, "\(integer) is too small; must be at least \(minimum)")
            case (nil, let maximum?) where integer > maximum:
                report.add(.schema, at: self.path, "\(integer) is too large; must be at most \(maximum)")
            default:
                return
            }
        }

        /// A type name, with the value for numbers (`number 80.5`).
        private static func describe(_ value: JSONValue) -> String {
            if case .double(let double) = value { return "number \(double)" }
            return value.typeName
        }
    }
}
