import Synchronization

/// A monotonically increasing count per label set.
package final class CounterFamily: MetricFamily {
    package let name: String
    let help: String
    let labelNames: [String]
    private let series: Mutex<[[String]: Double]> = Mutex([:])

    init(name: String, help: String, labelNames: [String]) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
    }

    /// Adds `amount` (default 1) to the series with these label values, given in `labelNames` order.
    package func increment<each Label: MetricLabel>(_ labels: repeat each Label, by amount: Double = 1) {
        let labelValues = seriesKey(repeat each labels)
        precondition(labelValues.count == self.labelNames.count, "label values do not match label names")
        self.series.withLock { $0[labelValues, default: 0] += amount }
    }

    /// The current value of one series (0 when it was never incremented).
    package func value<each Label: MetricLabel>(_ labels: repeat each Label) -> Double {
        let labelValues = seriesKey(repeat each labels)
        return self.series.withLock { $0[labelValues] ?? 0 }
    }

    func render(into output: inout String) {
        PrometheusText.series(
            name: self.name, help: self.help, type: "counter", labelNames: self.labelNames,
            values: self.series.withLock { $0 }, into: &output
        )
    }
}
