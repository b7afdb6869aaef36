import Testing

@Suite struct WebhookRuntimeTestsPlaceholder {}
