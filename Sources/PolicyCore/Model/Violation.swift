/// One broken rule of an object: a field path and a message saying what is wrong and what is allowed.
///
/// A violation is an answer, not an error: validators collect every violation of an object so one
/// `kubectl apply` shows everything to fix.
package struct Violation: Sendable, Hashable, CustomStringConvertible {
    /// Which family of rules was broken; part of a violation's identity for ratcheting.
    package enum Rule: String, Sendable, Hashable, CaseIterable {
        /// The CRD schema (types, required fields, enums, bounds).
        case schema
        /// Exactly one of several alternatives (also matchLabels / matchExpressions).
        case exactlyOneOf
        /// Label key and value syntax, selector requirements.
        case labelSyntax
        /// Server port names.
        case portName
        /// Linkerd's semantic rules.
        case semantic
        /// Two Servers selecting the same pod and port.
        case overlap
        /// The `config.linkerd.io/default-inbound-policy` annotation.
        case annotation
    }

    package var rule: Rule
    package var path: FieldPath
    /// `<what is wrong>; <what is allowed>`, without the path.
    package var message: String
    /// What makes two violations "the same" besides rule and path, when not the value at the path: for an
    /// overlap, the other Server's name.
    package var subject: String?

    package init(_ rule: Rule, at path: FieldPath, _ message: String, subject: String? = nil) {
        self.rule = rule
        self.path = path
        self.message = message
        self.subject = subject
    }

    /// `<field path>: <what is wrong>; <what is allowed>`.
    package var description: String {
        var bytes: [UInt8] = []
        self.write(toUTF8: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the UTF-8 of `<field path>: <message>` (how `Verdict.message` assembles its message).
    package func write(toUTF8 bytes: inout [UInt8]) {
        self.path.write(toUTF8: &bytes)
        bytes += ": ".utf8
        bytes += self.message.utf8
    }
}
