/// Rule 2 (and matchLabels / matchExpressions in rule 1): exactly one of several alternatives must be set.
///
/// The violation sits at the object holding the alternatives and its message names every alternative, so a user
/// sees the whole choice: `exactly one of meshTLS or unauthenticated must be set, found both`.
package enum ExactlyOneOf {
    /// Reports a violation at `path` unless exactly one alternative is set; `alternatives` pairs each field name
    /// with whether it counts as set.
    package static func check(
        _ alternatives: KeyValuePairs<String, Bool>, at path: @autoclosure () -> FieldPath, into report: inout ValidationReport
    ) {
        // The common case, one alternative set, builds nothing.
        var setCount = 0
        for alternative in alternatives where alternative.value { setCount += 1 }
        guard setCount != 1 else { return }
        let names = alternatives.map(\.key)
        let found = alternatives.filter(\.value).map(\.key)
        report.add(
            .exactlyOneOf, at: path(),
            "exactly one of \(Self.list(names, conjunction: "or")) must be set, found \(Self.describe(found, of: names.count))"
        )
    }

    /// `a or b`, `a, b or c`.
    package static func list(_ names: [String], conjunction: String) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " \(conjunction) " + (names.last ?? "")
    }

    /// `neither`, `none`, `both`, `identities and serviceAccounts`.
    private static func describe(_ found: [String], of total: Int) -> String {
        switch (found.count, total) {
        case (0, 2): return "neither"
        case (0, _): return "none"
        case (2, 2): return "both"
        default: return Self.list(found, conjunction: "and")
        }
    }
}
