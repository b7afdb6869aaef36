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
        report.add(.exactlyOneOf, at: path(), Self.message(alternatives, setCount: setCount))
    }

    /// `exactly one of <names> must be set, found <what>`, for `setCount` alternatives set (not one).
    static func message(_ alternatives: KeyValuePairs<String, Bool>, setCount: Int) -> String {
        var message = ""
        message.reserveCapacity(120)
        message += "exactly one of "
        Self.appendList(alternatives.lazy.map(\.key), count: alternatives.count, conjunction: "or", to: &message)
        message += " must be set, found "
        switch (setCount, alternatives.count) {
        case (0, 2): message += "neither"
        case (0, _): message += "none"
        case (2, 2): message += "both"
        default:
            Self.appendList(alternatives.lazy.filter(\.value).map(\.key), count: setCount, conjunction: "and", to: &message)
        }
        return message
    }

    /// Appends `count` names as a list: `a or b`, `a, b or c`.
    private static func appendList(
        _ names: some Sequence<String>, count: Int, conjunction: String, to text: inout String
    ) {
        for (position, name) in names.enumerated() {
            if position > 0 { text += position == count - 1 ? " \(conjunction) " : ", " }
            text += name
        }
    }
}

extension ExactlyOneOf {
    /// A choice between two fields whose messages are written once, when the pair is made.
    ///
    /// A label selector with both matchLabels and matchExpressions is a common mistake, so its denial is on the
    /// request path: with the messages prebuilt, reporting it costs a retain instead of building a string. The
    /// messages are those `check` writes for the same two names.
    package struct Pair: Sendable {
        package let first: String
        package let second: String
        /// The message when neither field is set.
        let neitherMessage: String
        /// The message when both fields are set.
        let bothMessage: String

        package init(_ first: String, or second: String) {
            self.first = first
            self.second = second
            self.neitherMessage = ExactlyOneOf.message([first: false, second: false], setCount: 0)
            self.bothMessage = ExactlyOneOf.message([first: true, second: true], setCount: 2)
        }

        /// Reports a violation at `path` unless exactly one of the two fields is set.
        package func check(
            firstIsSet: Bool, secondIsSet: Bool, at path: @autoclosure () -> FieldPath,
            into report: inout ValidationReport
        ) {
            guard firstIsSet == secondIsSet else { return }
            report.add(.exactlyOneOf, at: path(), firstIsSet ? self.bothMessage : self.neitherMessage)
        }
    }
}
