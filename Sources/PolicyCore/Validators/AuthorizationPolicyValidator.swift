import PolicyAPI

/// Placeholder: checks nothing yet.
package struct AuthorizationPolicyValidator: ObjectValidator {
    package init() {}

    package func validate(_ object: JSONValue, context: ValidationContext, into report: inout ValidationReport) {}
}
