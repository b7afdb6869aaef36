/// A value a metric label may take, from a set fixed when the program is built.
///
/// Families take label values only through this protocol, never as free strings, so no text from a request can
/// become a series: a type conforms by mapping its values onto a closed set (an enum, or a kind registry with an
/// `other` bucket), and the number of series of a family is bounded by the product of its label types' sets.
package protocol MetricLabel: Hashable, Sendable {
    /// The label value as Prometheus shows it.
    var metricLabel: String { get }
}

extension Bool: MetricLabel {
    /// `true` or `false`.
    package var metricLabel: String { self ? "true" : "false" }
}

/// Turns a pack of label values into the key of a series.
@inline(__always)
func seriesKey<each Label: MetricLabel>(_ labels: repeat each Label) -> [String] {
    var key: [String] = []
    for label in repeat each labels { key.append(label.metricLabel) }
    return key
}

/// A label value written in the source: a `StaticString` can only be a literal, so no runtime text gets in.
package struct ConstantLabel: MetricLabel {
    package let metricLabel: String

    package init(_ value: StaticString) {
        self.metricLabel = value.description
    }
}
