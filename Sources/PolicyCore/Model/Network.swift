import PolicyAPI

/// One entry of a `networks` list (ServerAuthorization `client.networks`, NetworkAuthentication, EgressNetwork):
/// a `cidr` and the `except` networks carved out of it.
///
/// Mirrors linkerd2 admission.rs `validate_networks`: every exception must lie inside its cidr and must not
/// contain it (an exception equal to or wider than the cidr negates it completely).
package struct Network: Sendable, Hashable {
    package var cidr: CIDR
    package var except: [CIDR]

    package init(cidr: CIDR, except: [CIDR] = []) {
        self.cidr = cidr
        self.except = except
    }

    /// What a cidr or exception may look like, for messages.
    package static let cidrRule =
        "must be an IPv4 or IPv6 address with an optional /prefix (at most 32 for IPv4, 128 for IPv6)"

    /// Validates `spec.networks` of an object when present: not empty (`ifEmpty` says what to do instead), and
    /// every entry by `validateList`.
    package static func validateSpecNetworks(of object: JSONValue, ifEmpty: String, into report: inout ValidationReport) {
        guard let spec = object["spec"], spec.objectValue != nil, let networks = spec.presentMember("networks") else { return }
        let path = FieldPath.spec.field("networks")
        if networks.arrayValue?.isEmpty == true {
            report.add(.semantic, at: path, "is empty; \(ifEmpty)")
        }
        Self.validateList(networks, at: path, into: &report)
    }

    /// Validates a `networks` list at `path`: the CRD shape (objects with a string `cidr`, `except` a list of
    /// strings) and Linkerd's rules for every cidr and exception.
    package static func validateList(_ value: JSONValue, at path: FieldPath, into report: inout ValidationReport) {
        guard let networks = value.arrayValue else {
            report.add(.schema, at: path, "must be a list, found \(value.typeName); list networks as {cidr, except}")
            return
        }
        for (index, network) in networks.enumerated() {
            Self.validate(network, at: path.index(index), into: &report)
        }
    }

    /// Validates one `{cidr, except}` entry.
    package static func validate(_ value: JSONValue, at path: FieldPath, into report: inout ValidationReport) {
        guard value.objectValue != nil else {
            report.add(.schema, at: path, "must be an object, found \(value.typeName); a network has a cidr and optional except")
            return
        }
        var cidr: CIDR?
        var cidrText = ""
        switch value.presentMember("cidr") {
        case nil:
            report.add(.schema, at: path.field("cidr"), "is required; a network names its cidr")
        case .string(let text):
            cidr = CIDR(text)
            cidrText = text
            if let cidr {
                Self.warnAboutLeadingZeros(text, parsed: cidr, into: &report)
            } else {
                report.add(.semantic, at: path.field("cidr"), "invalid cidr \(Quote.value(text)); \(Self.cidrRule)")
            }
        case let other?:
            report.add(.schema, at: path.field("cidr"), "must be a string, found \(other.typeName)")
        }
        guard let exceptValue = value.presentMember("except") else { return }
        guard let exceptions = exceptValue.arrayValue else {
            report.add(.schema, at: path.field("except"), "must be a list, found \(exceptValue.typeName)")
            return
        }
        for (index, element) in exceptions.enumerated() {
            let exceptPath = path.field("except").index(index)
            guard let text = element.stringValue else {
                report.add(.schema, at: exceptPath, "must be a string, found \(element.typeName)")
                continue
            }
            guard let exception = CIDR(text) else {
                report.add(.semantic, at: exceptPath, "invalid except \(Quote.value(text)); \(Self.cidrRule)")
                continue
            }
            Self.warnAboutLeadingZeros(text, parsed: exception, into: &report)
            if let cidr, let problem = Self.problem(with: exception, text: text, in: cidr, cidrText: cidrText) {
                report.add(.semantic, at: exceptPath, problem)
            }
        }
    }

    /// Linkerd admits `010.0.0.0/8` and reads it as decimal 10.0.0.0/8; whoever wrote the zero may have meant octal
    /// (8.0.0.0/8, as `inet_aton` reads it) or made a typo, so the network is admitted with a warning naming what
    /// Linkerd will use.
    private static func warnAboutLeadingZeros(_ text: String, parsed: CIDR, into report: inout ValidationReport) {
        guard CIDR.hasLeadingZeroOctet(text) else { return }
        report.warn(
            "network \(Quote.value(text)) has an octet with a leading zero; Linkerd reads it as decimal \(parsed)"
        )
    }

    /// Why `exception` cannot be carved out of `cidr`, or nil when it can.
    package static func problem(with exception: CIDR, text: String, in cidr: CIDR, cidrText: String) -> String? {
        // Quoted only when there is a problem to describe: the valid case builds no string.
        var shown: String { Quote.value(text) }
        var cidrShown: String { Quote.value(cidrText) }
        if exception.family != cidr.family {
            return "except \(shown) is \(exception.family.name) but cidr \(cidrShown) is \(cidr.family.name); "
                + "an exception must be of the cidr's address family and lie inside it"
        }
        if exception.contains(cidr) {
            return "except \(shown) negates the whole cidr \(cidrShown); an exception must be narrower than its cidr"
        }
        if !cidr.contains(exception) {
            return "except \(shown) is not inside cidr \(cidrShown); an exception must lie inside its cidr"
        }
        return nil
    }
}
