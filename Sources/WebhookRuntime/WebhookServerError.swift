import NetIO

/// Why the webhook cannot start; `description` is the one line the command prints.
package struct WebhookServerError: Error, CustomStringConvertible {
    package let description: String

    package init(description: String) {
        self.description = description
    }

    /// The TLS certificate, key or client CA cannot be used.
    static func tls(_ error: TLSError) -> Self {
        Self(description: error.reason)
    }

    /// A listener cannot be bound.
    static func bind(_ listener: String, _ address: SocketAddress, _ error: SystemCallError) -> Self {
        Self(description: "\(listener) listener \(address): \(error)")
    }
}
