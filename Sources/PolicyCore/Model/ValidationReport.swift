/// What validating one object found: violations (which deny) and warnings (which only inform).
package struct ValidationReport: Sendable, Hashable {
    package private(set) var violations: [Violation] = []
    package private(set) var warnings: [String] = []
    /// Rule 8's warnings, kept apart: they are sent only when the object is admitted.
    package private(set) var trafficWarnings: [TrafficWarning] = []

    package init() {}

    /// Records a violation.
    package mutating func add(_ violation: Violation) {
        if !self.violations.contains(violation) { self.violations.append(violation) }
    }

    /// Records a violation of `rule` at `path`.
    package mutating func add(_ rule: Violation.Rule, at path: FieldPath, _ message: String, subject: String? = nil) {
        self.add(Violation(rule, at: path, message, subject: subject))
    }

    /// Records a warning (kubectl prints it as `Warning: <text>`); keep it under 120 characters.
    package mutating func warn(_ warning: String) {
        if !self.warnings.contains(warning) { self.warnings.append(warning) }
    }

    /// Records a rule-8 warning.
    package mutating func warn(_ warning: TrafficWarning) {
        if !self.trafficWarnings.contains(warning) { self.trafficWarnings.append(warning) }
    }

    /// The violations in a stable order (by field path, then message): validators walk JSON objects, whose member
    /// order is not defined, and the same object must always get the same message.
    package var sortedViolations: [Violation] {
        guard self.violations.count > 1 else { return self.violations }
        // Each path is spelled once, not on every comparison.
        return self.violations.map { (path: $0.path.description, violation: $0) }
            .sorted { ($0.path, $0.violation.message) < ($1.path, $1.violation.message) }
            .map(\.violation)
    }

    /// True when nothing denies the object.
    package var isValid: Bool { self.violations.isEmpty }

    /// True when some violation sits at `path` or below it.
    package func hasViolation(under path: FieldPath) -> Bool {
        self.violations.contains { $0.path.components.starts(with: path.components) }
    }

    /// Adds everything another report found.
    package mutating func merge(_ other: ValidationReport) {
        for violation in other.violations { self.add(violation) }
        for warning in other.warnings { self.warn(warning) }
        for warning in other.trafficWarnings { self.warn(warning) }
    }
}
