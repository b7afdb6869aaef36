import Testing

@Suite struct WebhookMetricsTestsPlaceholder {}
