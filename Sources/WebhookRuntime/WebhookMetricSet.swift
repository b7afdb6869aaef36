import NetIO
import WebhookMetrics

/// The webhook's metrics in one registry; also the webhook listener's `ServerObserver`.
///
/// Names are snake_case with unit suffixes and labels of low cardinality only (`kind`, `operation`,
/// `decision`, `rule`, `dry_run`): never an object's name or namespace, and only values of closed sets
/// (`AdmissionMetricLabels.swift`), so the number of series is fixed whatever requests arrive.
package final class WebhookMetricSet: ServerObserver {
    package let registry: MetricsRegistry
    /// Reviews by kind, operation and decision (`AdmissionDecision`: `allow`, `warn`, `would_deny`, `deny`; `error`
    /// for a body that is no review).
    package let admissionRequests: CounterFamily
    package let admissionDuration: HistogramFamily
    /// Denied reviews, once per distinct rule that denied them, and whether they were dry runs.
    package let denials: CounterFamily
    /// Reviews admitted under enforcement `warn` that would have been denied, as `denials` counts them.
    package let wouldDenials: CounterFamily
    /// Rule 8's warnings (traffic a change will deny) sent with admitted reviews, once per part of the rule
    /// (`TrafficWarning.Rule`), and whether they were dry runs.
    package let trafficWarnings: CounterFamily
    /// 1, labelled with what was built.
    package let buildInfo: GaugeFamily
    package let openConnections: GaugeFamily
    package let acceptedConnections: CounterFamily
    package let tlsHandshakeFailures: CounterFamily
    package let refusedConnections: CounterFamily
    package let bufferBudgetClosures: CounterFamily
    package let requestTimeouts: CounterFamily

    package init(registry: MetricsRegistry = MetricsRegistry()) {
        self.registry = registry
        self.admissionRequests = registry.counter(
            "linkerd_policy_webhook_admission_requests_total",
            help: "AdmissionReview requests answered, by kind, operation and decision.",
            labelNames: ["kind", "operation", "decision"]
        )
        self.admissionDuration = registry.histogram(
            "linkerd_policy_webhook_admission_duration_seconds",
            help: "Time to decode, review and encode one AdmissionReview.",
            labelNames: ["kind"]
        )
        self.denials = registry.counter(
            "linkerd_policy_webhook_denials_total",
            help: "Denied AdmissionReviews, once per rule that denied them, by rule and dry run.",
            labelNames: ["rule", "dry_run"]
        )
        self.wouldDenials = registry.counter(
            "linkerd_policy_webhook_would_denials_total",
            help: "AdmissionReviews admitted under enforcement warn that would have been denied, by rule and dry run.",
            labelNames: ["rule", "dry_run"]
        )
        self.trafficWarnings = registry.counter(
            "linkerd_policy_webhook_traffic_warnings_total",
            help: "Admitted AdmissionReviews warned that the change will deny traffic, once per rule 8 part, by rule and dry run.",
            labelNames: ["rule", "dry_run"]
        )
        self.buildInfo = registry.gauge(
            "linkerd_policy_webhook_build_info",
            help: "Always 1; the labels say which version was built with which Swift.",
            labelNames: ["version", "swift_version"]
        )
        self.buildInfo.set(1, BuildInfo.version, BuildInfo.swiftVersion)
        self.openConnections = registry.gauge(
            "linkerd_policy_webhook_open_connections",
            help: "Connections currently open on the webhook listener."
        )
        self.acceptedConnections = registry.counter(
            "linkerd_policy_webhook_connections_total",
            help: "Connections accepted on the webhook listener."
        )
        self.tlsHandshakeFailures = registry.counter(
            "linkerd_policy_webhook_tls_handshake_failures_total",
            help: "TLS handshakes that failed on the webhook listener."
        )
        self.refusedConnections = registry.counter(
            "linkerd_policy_webhook_refused_connections_total",
            help: "Connections closed at once because the webhook listener held --max-connections."
        )
        self.bufferBudgetClosures = registry.counter(
            "linkerd_policy_webhook_buffer_budget_exceeded_total",
            help: "Connections closed because the request bytes they held would pass --max-buffered-bytes."
        )
        self.requestTimeouts = registry.counter(
            "linkerd_policy_webhook_request_timeouts_total",
            help: "Requests answered 408 because their head or body did not arrive within --request-deadline."
        )
    }

    package func connectionOpened() {
        self.openConnections.add(1)
        self.acceptedConnections.increment()
    }

    package func connectionClosed() {
        self.openConnections.add(-1)
    }

    package func tlsHandshakeFailed() {
        self.tlsHandshakeFailures.increment()
    }

    package func connectionRefused() {
        self.refusedConnections.increment()
    }

    package func bufferBudgetExceeded() {
        self.bufferBudgetClosures.increment()
    }

    package func requestTimedOut() {
        self.requestTimeouts.increment()
    }
}
