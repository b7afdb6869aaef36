import COpenSSL
import Glibc

/// The byte-queue BIO method (COpenSSL's shim.h) every session's two BIOs use: made once, then only read.
/// `nonisolated(unsafe)`: a `BIO_METHOD` pointer is not `Sendable`, but OpenSSL never changes the method after
/// it is set up here, so sharing it between event loops is safe.
private nonisolated(unsafe) let byteQueueMethod: OpaquePointer? = cossl_queue_bio_method_new()

/// One TLS session over two byte-queue BIOs: ciphertext in with `receive(_:)` or `lending(_:_:)`, ciphertext
/// out with `takeCiphertext(into:)`; OpenSSL never sees the socket (swift-nio-ssl `ByteBufferBIO`).
///
/// Not `Sendable`: it belongs to the event loop that accepted its connection.
package final class TLSConnection {
    /// The result of driving the handshake.
    package enum HandshakeResult: Equatable {
        case complete
        /// OpenSSL needs more bytes from the peer.
        case incomplete
        case failed(TLSError)
    }

    /// The result of reading plaintext.
    package enum ReadResult: Equatable {
        /// No more plaintext until more ciphertext arrives.
        case incomplete
        /// The peer sent close_notify.
        case closed
        case failed(TLSError)
    }

    private let ssl: OpaquePointer
    /// Ciphertext from the peer, read by OpenSSL (owned by `ssl`).
    private let inbound: OpaquePointer
    /// Ciphertext for the peer, written by OpenSSL (owned by `ssl`).
    private let outbound: OpaquePointer
    /// Keeps the context alive at least as long as the session, whatever a reload does.
    private let context: TLSContext
    package private(set) var isHandshakeComplete = false

    /// A server-side (accepting) or client-side (connecting) session.
    package init(context: TLSContext, isServer: Bool = true, serverName: String? = nil) throws(TLSError) {
        TLSError.clearQueue()
        guard let method = byteQueueMethod else { throw .configuration("BIO_meth_new failed") }
        guard let ssl = SSL_new(context.pointer) else { throw .configuration("SSL_new failed") }
        guard let inbound = BIO_new(method) else {
            SSL_free(ssl)
            throw .configuration("BIO_new failed")
        }
        guard let outbound = BIO_new(method) else {
            BIO_free(inbound)
            SSL_free(ssl)
            throw .configuration("BIO_new failed")
        }
        SSL_set_bio(ssl, inbound, outbound)
        if isServer {
            SSL_set_accept_state(ssl)
        } else {
            if let serverName {
                // An IP literal is checked against the certificate's IP SANs and never sent as SNI (RFC 6066 §3);
                // a DNS name is both the SNI and the name checked.
                if Self.isIPAddress(serverName) {
                    _ = X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), serverName)
                } else {
                    _ = cossl_set_tlsext_host_name(ssl, serverName)
                    _ = SSL_set1_host(ssl, serverName)
                }
            }
            SSL_set_connect_state(ssl)
        }
        self.ssl = ssl
        self.inbound = inbound
        self.outbound = outbound
        self.context = context
    }

    deinit {
        SSL_free(self.ssl)
    }

    /// Hands a copy of ciphertext received from the peer to OpenSSL; false when memory ran out.
    package func receive(_ ciphertext: UnsafeRawBufferPointer) -> Bool {
        guard let base = ciphertext.baseAddress, ciphertext.count > 0 else { return true }
        return cossl_queue_bio_append(self.inbound, base, ciphertext.count) == 1
    }

    /// Lends ciphertext received from the peer to OpenSSL while `body` runs (handshake and reads), without
    /// copying it; what OpenSSL has not read by the end is copied and kept for the next call. Returns nil,
    /// having run `body`, when that copy ran out of memory (the connection cannot go on).
    package func lending<Result>(_ ciphertext: UnsafeRawBufferPointer, _ body: () -> Result) -> Result? {
        guard let base = ciphertext.baseAddress, ciphertext.count > 0 else { return body() }
        cossl_queue_bio_lend(self.inbound, base, ciphertext.count)
        let result = body()
        return cossl_queue_bio_keep_lent(self.inbound) == 1 ? result : nil
    }

    /// Appends ciphertext OpenSSL produced for the peer to `buffer`.
    package func takeCiphertext(into buffer: inout [UInt8]) {
        var bytes: UnsafePointer<UInt8>?
        let pending = cossl_queue_bio_peek(self.outbound, &bytes)
        guard pending > 0, let bytes else { return }
        buffer.append(contentsOf: UnsafeBufferPointer(start: bytes, count: pending))
        cossl_queue_bio_consume(self.outbound, pending)
    }

    /// Drives the handshake as far as the received bytes allow.
    package func handshake() -> HandshakeResult {
        TLSError.clearQueue()
        let result = SSL_do_handshake(self.ssl)
        if result == 1 {
            self.isHandshakeComplete = true
            return .complete
        }
        switch SSL_get_error(self.ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: return .incomplete
        default: return .failed(.handshake())
        }
    }

    /// Decrypts everything available, passing each piece of plaintext to `sink`.
    ///
    /// Drains until OpenSSL wants more input: with in-memory BIOs all received ciphertext is already inside
    /// OpenSSL, so stopping early would leave plaintext no epoll event would ever report.
    package func readPlaintext(scratch: UnsafeMutableRawBufferPointer, _ sink: (UnsafeRawBufferPointer) -> Void) -> ReadResult {
        while true {
            TLSError.clearQueue()
            let count = SSL_read(self.ssl, scratch.baseAddress, Int32(scratch.count))
            if count > 0 {
                sink(UnsafeRawBufferPointer(rebasing: scratch[0..<Int(count)]))
                continue
            }
            switch SSL_get_error(self.ssl, count) {
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: return .incomplete
            case SSL_ERROR_ZERO_RETURN: return .closed
            default: return .failed(.record())
            }
        }
    }

    /// Encrypts plaintext; the records are then available from `takeCiphertext(into:)`.
    package func write(_ plaintext: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < plaintext.count {
            TLSError.clearQueue()
            let count = SSL_write(self.ssl, plaintext.baseAddress.map { $0 + offset }, Int32(plaintext.count - offset))
            guard count > 0 else { return false }
            offset += Int(count)
        }
        return true
    }

    /// Frees the memory of both BIOs (and any record buffer OpenSSL still holds) when they hold nothing: an idle
    /// keep-alive connection's queues are small, but across 10,000 idle connections they add up.
    package func releaseBuffers() {
        // Each queue refuses when it holds bytes: then nothing more is freed.
        guard cossl_queue_bio_release(self.inbound) == 1, cossl_queue_bio_release(self.outbound) == 1 else { return }
        _ = SSL_free_buffers(self.ssl)
    }

    /// Queues a close_notify alert for the peer.
    package func close() {
        TLSError.clearQueue()
        _ = SSL_shutdown(self.ssl)
    }

    /// True for IPv4 and IPv6 literals.
    static func isIPAddress(_ name: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, name, &v4) == 1 || inet_pton(AF_INET6, name, &v6) == 1
    }

    /// The negotiated protocol version, e.g. `TLSv1.3`.
    package var protocolVersion: String {
        String(cString: SSL_get_version(self.ssl))
    }

    /// The ALPN protocol the server selected, if any.
    package var negotiatedALPN: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(self.ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }
}
