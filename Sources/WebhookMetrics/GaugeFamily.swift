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
    package func add(_ amount: Double, _ labelValues: [String] = []) {
        precondition(labelValues.count == self.labelNames.count, "label values do not match label names")
        self.series.withLock { $0[labelValues, default: 0] += amount }
    }

    /// Sets the series with these label values.
    package func set(_ value: Double, _ labelValues: [String] = []) {
        precondition(labelValues.count == self.labelNames.count, "label values do not match label names")
        self.series.withLock { $0[labelValues] = value }
    }

    /// The current value of one series (0 when never set).
    package func value(_ labelValues: [String] = []) -> Double {
        self.series.withLock { $0[labelValues] ?? 0 }
    }

    func render(into output: inout String) {
        PrometheusText.series(
            name: self.name, help: self.help, type: "gauge", labelNames: self.labelNames,
            values: self.series.withLock { $0 }, into: &output
        )
    }
}
