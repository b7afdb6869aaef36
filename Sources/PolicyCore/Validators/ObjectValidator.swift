import PolicyAPI

/// Checks one kind of object. Pure: everything it may read is in the object and the context.
package protocol ObjectValidator: Sendable {
    /// Appends every violation and warning of `object` to `report`.
    func validate(_ object: JSONValue, context: ValidationContext, into report: inout ValidationReport)
}
