import PolicyAPI

/// Placeholder: checks nothing yet.
package struct NetworkAuthenticationValidator: ObjectValidator {
    package init() {}

    package func validate(_ object: JSONValue, context: ValidationContext, into report: inout ValidationReport) {}
}
