import KubeCache
import PolicyAPI
import PolicyCore

/// The small-language parsers of PolicyCore and KubeCache: CIDRs and IP addresses, label keys and values,
/// durations, mesh identities, DNS names, header names, and label selectors and networks as JSON (regexes have
/// their own target, `regex`).
///
/// Every line of the input goes through each text parser. Invariants: no trap; a parsed CIDR prints as text that
/// parses back to the same network and contains itself; when the input is JSON, selector and network
/// validation run over it, a selector's matchLabels satisfy it whenever it matches them, and joint
/// satisfiability is symmetric.
enum SelectorFuzz {
    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(64) {
            Self.parseText(String(line))
        }
        if let value = try? JSONDecoding.decode(bytes) { Self.checkJSON(value) }
    }

    /// Runs one string through every text parser.
    private static func parseText(_ text: String) {
        if let cidr = CIDR(text) {
            guard let reparsed = CIDR(cidr.description) else {
                fatalError("invariant violated: CIDR \(cidr) does not parse back")
            }
            require(reparsed == cidr, "CIDR round trip changed \(cidr) into \(reparsed)")
            require(cidr.contains(cidr), "CIDR \(cidr) does not contain itself")
        }
        _ = IPAddress(Substring(text))
        _ = LabelSyntax.isValidKey(text)
        _ = LabelSyntax.isValidValue(text)
        _ = K8sDuration(text)
        _ = AnnotationDuration(text)
        _ = MeshIdentity.isValid(text)
        _ = DNSName.isSubdomain(text)
        _ = DNSName.isKind(text)
        _ = DNSName.isIANAServiceName(text)
        _ = HTTPHeaderSyntax.isValidName(text)
        _ = HTTPHeaderSyntax.isValidValue(text)
    }

    /// Validates a JSON value as a selector, a network and a networks list, and checks selector semantics.
    private static func checkJSON(_ value: JSONValue) {
        var report = ValidationReport()
        LabelSelectorRules.validate(value, at: .root, into: &report)
        Network.validate(value, at: .root, into: &report)
        Network.validateList(value, at: .root, into: &report)
        _ = report.violations.map(\.description)
        let selectors = (value.arrayValue ?? [value]).prefix(4).compactMap { LabelSelector(json: $0) }
        for selector in selectors {
            if selector.matches(selector.matchLabels) {
                require(selector.isJointlySatisfiable(with: selector), "a selector matching its labels is unsatisfiable")
            }
            for other in selectors {
                require(
                    selector.isJointlySatisfiable(with: other) == other.isJointlySatisfiable(with: selector),
                    "joint satisfiability is not symmetric")
            }
        }
    }
}
