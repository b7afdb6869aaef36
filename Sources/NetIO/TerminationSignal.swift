import Glibc

/// SIGPIPE ignored: OpenSSL and a reset peer must never kill the process.
///
/// SIGTERM and SIGINT are not handled here: `ServiceGroup` (swift-service-lifecycle) traps them and turns them
/// into an ordered graceful shutdown (see `WebhookServer`).
package enum TerminationSignal {
    /// Ignores SIGPIPE; idempotent, call at start-up.
    package static func ignoreBrokenPipe() {
        signal(SIGPIPE, SIG_IGN)
    }
}
