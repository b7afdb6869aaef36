import Synchronization

/// Observations counted into cumulative buckets per label set, with their sum and count.
package final class HistogramFamily: MetricFamily {
    /// Buckets from 0.5 ms to 10 s, suited to admission latencies (the API server's default timeout is 10 s).
    package static let defaultBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    /// One series: a count per bucket (not cumulative), the sum and the total count.
    private struct Series {
        var bucketCounts: [UInt64]
        var sum: Double = 0
        var count: UInt64 = 0

        mutating func record(_ value: Double, bucket: Int) {
            self.bucketCounts[bucket] += 1
            self.sum += value
            self.count += 1
        }
    }

    package let name: String
    let help: String
    let labelNames: [String]
    let buckets: [Double]
    private let series: Mutex<[[String]: Series]> = Mutex([:])

    init(name: String, help: String, labelNames: [String], buckets: [Double]) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
        self.buckets = buckets.sorted()
    }

    /// Records one observation (seconds, for a `_seconds` histogram) in the series with these label values.
    package func observe<each Label: MetricLabel>(_ value: Double, _ labels: repeat each Label) {
        let labelValues = seriesKey(repeat each labels)
        precondition(labelValues.count == self.labelNames.count, "label values do not match label names")
        let bucket = self.buckets.firstIndex { value <= $0 } ?? self.buckets.count
        let bucketSlots = self.buckets.count + 1
        self.series.withLock { all in
            // Updated in place (the default is made only for a new series): a copy taken out and stored back would
            // share the dictionary's bucket array, so every observation would copy it (an allocation per request).
            all[labelValues, default: Series(bucketCounts: Array(repeating: 0, count: bucketSlots))]
                .record(value, bucket: bucket)
        }
    }

    /// How many observations a series holds.
    package func count<each Label: MetricLabel>(_ labels: repeat each Label) -> UInt64 {
        let labelValues = seriesKey(repeat each labels)
        return self.series.withLock { $0[labelValues]?.count ?? 0 }
    }

    func render(into output: inout String) {
        PrometheusText.header(name: self.name, help: self.help, type: "histogram", into: &output)
        let snapshot = self.series.withLock { $0 }
        for key in snapshot.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            guard let series = snapshot[key] else { continue }
            var cumulative: UInt64 = 0
            for (index, bound) in (self.buckets + [.infinity]).enumerated() {
                cumulative += series.bucketCounts[index]
                let labels = PrometheusText.labels(self.labelNames, key, extra: ("le", PrometheusText.value(bound)))
                output += "\(self.name)_bucket\(labels) \(cumulative)\n"
            }
            let labels = PrometheusText.labels(self.labelNames, key)
            output += "\(self.name)_sum\(labels) \(PrometheusText.value(series.sum))\n"
            output += "\(self.name)_count\(labels) \(series.count)\n"
        }
    }
}
