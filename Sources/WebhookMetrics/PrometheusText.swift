/// Formatting helpers for the Prometheus text exposition format.
enum PrometheusText {
    /// The `# HELP` and `# TYPE` lines of a family.
    static func header(name: String, help: String, type: String, into output: inout String) {
        output += "# HELP \(name) \(help.replacingBackslashesAndNewlines())\n# TYPE \(name) \(type)\n"
    }

    /// `{a="1",b="2"}`, or nothing without labels; values are escaped as the format requires.
    static func labels(_ names: [String], _ values: [String], extra: (String, String)? = nil) -> String {
        var pairs = zip(names, values).map { "\($0)=\"\(escapeLabelValue($1))\"" }
        if let extra { pairs.append("\(extra.0)=\"\(extra.1)\"") }
        return pairs.isEmpty ? "" : "{" + pairs.joined(separator: ",") + "}"
    }

    /// A sample value: integers without a fraction, `+Inf` spelled as Prometheus expects.
    static func value(_ value: Double) -> String {
        if value == .infinity { return "+Inf" }
        if value == -.infinity { return "-Inf" }
        if value.isNaN { return "NaN" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Escapes `\`, `"` and newline in a label value.
    static func escapeLabelValue(_ value: String) -> String {
        var result = ""
        for character in value {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result
    }

    /// Renders a counter or gauge family: its header, then one line per label set in a stable order (a family
    /// without labels shows 0 before its first change).
    static func series(
        name: String, help: String, type: String, labelNames: [String], values: [[String]: Double],
        into output: inout String
    ) {
        Self.header(name: name, help: help, type: type, into: &output)
        if values.isEmpty, labelNames.isEmpty {
            output += "\(name) 0\n"
        }
        for key in values.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            output += "\(name)\(Self.labels(labelNames, key)) \(Self.value(values[key] ?? 0))\n"
        }
    }
}

extension String {
    /// Escapes `\` and newline, as HELP text requires.
    fileprivate func replacingBackslashesAndNewlines() -> String {
        var result = ""
        for character in self {
            switch character {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result
    }
}
