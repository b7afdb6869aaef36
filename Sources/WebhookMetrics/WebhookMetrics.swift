// WebhookMetrics: placeholder until its first type lands.
