// WebhookRuntime: placeholder until its first type lands.
