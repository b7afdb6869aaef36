import Testing
import WebhookMetrics

/// Rendering is asserted as the full Prometheus text (swift-prometheus `CounterTests.swift`).
struct MetricsRegistryTests {
    @Test func countersGaugesAndHistogramsRenderInRegistrationOrder() {
        let registry = MetricsRegistry()
        let requests = registry.counter("requests_total", help: "Requests.", labelNames: ["kind", "decision"])
        let open = registry.gauge("open_connections", help: "Open.")
        let duration = registry.histogram("duration_seconds", help: "Latency.", buckets: [0.1, 1])
        requests.increment(ConstantLabel("Server"), ConstantLabel("deny"))
        requests.increment(ConstantLabel("Server"), ConstantLabel("allow"), by: 2)
        open.add(3)
        open.add(-1)
        duration.observe(0.05)
        duration.observe(0.5)
        duration.observe(5)
        #expect(
            registry.render() == """
                # HELP requests_total Requests.
                # TYPE requests_total counter
                requests_total{kind="Server",decision="allow"} 2
                requests_total{kind="Server",decision="deny"} 1
                # HELP open_connections Open.
                # TYPE open_connections gauge
                open_connections 2
                # HELP duration_seconds Latency.
                # TYPE duration_seconds histogram
                duration_seconds_bucket{le="0.1"} 1
                duration_seconds_bucket{le="1"} 2
                duration_seconds_bucket{le="+Inf"} 3
                duration_seconds_sum 5.55
                duration_seconds_count 3

                """
        )
    }

    @Test func labelValuesAreEscaped() {
        let registry = MetricsRegistry()
        registry.counter("x_total", help: "X.", labelNames: ["v"]).increment(ConstantLabel("a\"b\\c\nd"))
        #expect(registry.render().contains(#"x_total{v="a\"b\\c\nd"} 1"#))
    }

    @Test func boolLabelsRenderAsTrueAndFalse() {
        let registry = MetricsRegistry()
        let runs = registry.counter("runs_total", help: "Runs.", labelNames: ["dry_run"])
        runs.increment(true)
        runs.increment(false, by: 2)
        #expect(runs.value(true) == 1)
        #expect(
            registry.render()
                == "# HELP runs_total Runs.\n# TYPE runs_total counter\nruns_total{dry_run=\"false\"} 2\nruns_total{dry_run=\"true\"} 1\n"
        )
    }

    @Test func unlabelledCounterRendersZeroBeforeUse() {
        let registry = MetricsRegistry()
        _ = registry.counter("failures_total", help: "Failures.")
        #expect(registry.render() == "# HELP failures_total Failures.\n# TYPE failures_total counter\nfailures_total 0\n")
    }
}
