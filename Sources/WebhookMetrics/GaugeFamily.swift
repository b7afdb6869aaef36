import Synchronization

/// A value that goes up and down per label set.
package final class GaugeFamily: MetricFamily {
    package let name: String
    let help: String
    let labelNames: [String]
    private let series: Mutex<[[String]: Double]> = Mutex([:])

    init(name: String, help: String, labelNames: [String]) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
    }

    /// Adds `amount` (negative to decrease) to the series with these label values.
    package func add<each Label: MetricLabel>(_ amount: Double, _ labels: repeat each Label) {
        let labelValues = seriesKey(repeat each labels)
        precondition(labelValues.count == self.labelNames.count, "label values do not match label names")
        self.series.withLock { $0[labelValues, default: 0] += amount }
    }

    /// Sets the series with these label values.
    package func set<each Label: MetricLabel>(_ value: Double, _ labels: repeat each Label) {
        let labelValues = seriesKey(repeat each labels)
        precondition(labelValues.count == self.labelNames.count, "label values do not match label names")
        self.series.withLock { $0[labelValues] = value }
    }

    /// The current value of one series (0 when never set).
    package func value<each Label: MetricLabel>(_ labels: repeat each Label) -> Double {
        let labelValues = seriesKey(repeat each labels)
        return self.series.withLock { $0[labelValues] ?? 0 }
    }

    func render(into output: inout String) {
        PrometheusText.series(
            name: self.name, help: self.help, type: "gauge", labelNames: self.labelNames,
            values: self.series.withLock { $0 }, into: &output
        )
    }
}
