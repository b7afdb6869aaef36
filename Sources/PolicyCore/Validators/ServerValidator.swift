import PolicyAPI

/// Placeholder: checks nothing yet.
package struct ServerValidator: ObjectValidator {
    package init() {}

    package func validate(_ object: JSONValue, context: ValidationContext, into report: inout ValidationReport) {}
}
