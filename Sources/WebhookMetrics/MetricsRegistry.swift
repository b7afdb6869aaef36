// WebhookMetrics: counters, gauges and histograms with labels, rendered in the Prometheus text format 0.0.4.
//
// Pure: no I/O, no clock, standard library and Synchronization only; the admin route serves `render()`.
// Relations: MetricsRegistry -> [ CounterFamily | GaugeFamily | HistogramFamily ] -> series by label values.
import Synchronization

/// Owns metric families in registration order and renders them all at once.
package final class MetricsRegistry: Sendable {
    private let families: Mutex<[any MetricFamily]> = Mutex([])

    package init() {}

    /// Registers a counter family (the name should end in `_total`).
    package func counter(_ name: String, help: String, labelNames: [String] = []) -> CounterFamily {
        let family = CounterFamily(name: name, help: help, labelNames: labelNames)
        self.families.withLock { $0.append(family) }
        return family
    }

    /// Registers a gauge family.
    package func gauge(_ name: String, help: String, labelNames: [String] = []) -> GaugeFamily {
        let family = GaugeFamily(name: name, help: help, labelNames: labelNames)
        self.families.withLock { $0.append(family) }
        return family
    }

    /// Registers a histogram family with ascending upper bounds (`+Inf` is added).
    package func histogram(
        _ name: String,
        help: String,
        labelNames: [String] = [],
        buckets: [Double] = HistogramFamily.defaultBuckets
    ) -> HistogramFamily {
        let family = HistogramFamily(name: name, help: help, labelNames: labelNames, buckets: buckets)
        self.families.withLock { $0.append(family) }
        return family
    }

    /// Every family in the Prometheus text exposition format, in registration order.
    package func render() -> String {
        let families = self.families.withLock { $0 }
        var output = ""
        for family in families {
            family.render(into: &output)
        }
        return output
    }
}

/// A named metric with HELP and TYPE lines and some series.
protocol MetricFamily: Sendable {
    /// Appends the family's lines.
    func render(into output: inout String)
}
