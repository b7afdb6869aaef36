import COpenSSL

/// One TLS session over memory BIOs: ciphertext in with `receive(_:)`, ciphertext out with
/// `takeCiphertext(into:)`; OpenSSL never sees the socket (swift-nio-ssl `ByteBufferBIO`).
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
    private var inbound: OpaquePointer
    /// Ciphertext for the peer, written by OpenSSL (owned by `ssl`).
    private var outbound: OpaquePointer
    /// Keeps the context alive at least as long as the session, whatever a reload does.
    private let context: TLSContext
    package private(set) var isHandshakeComplete = false

    /// A server-side (accepting) or client-side (connecting) session.
    package init(context: TLSContext, isServer: Bool = true, serverName: String? = nil) throws(TLSError) {
        ERR_clear_error()
        guard let ssl = SSL_new(context.pointer) else { throw .configuration("SSL_new failed") }
        guard let inbound = BIO_new(BIO_s_mem()), let outbound = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw .configuration("BIO_new failed")
        }
        SSL_set_bio(ssl, inbound, outbound)
        if isServer {
            SSL_set_accept_state(ssl)
        } else {
            if let serverName {
                _ = cossl_set_tlsext_host_name(ssl, serverName)
                _ = SSL_set1_host(ssl, serverName)
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

    /// Hands ciphertext received from the peer to OpenSSL.
    package func receive(_ ciphertext: UnsafeRawBufferPointer) {
        guard let base = ciphertext.baseAddress, ciphertext.count > 0 else { return }
        _ = BIO_write(self.inbound, base, Int32(ciphertext.count))
    }

    /// Appends ciphertext OpenSSL produced for the peer to `buffer`.
    package func takeCiphertext(into buffer: inout [UInt8]) {
        let pending = Int(BIO_ctrl_pending(self.outbound))
        guard pending > 0 else { return }
        let oldCount = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: pending))
        let read = buffer.withUnsafeMutableBytes { bytes in
            BIO_read(self.outbound, bytes.baseAddress.map { $0 + oldCount }, Int32(pending))
        }
        buffer.removeLast(pending - max(Int(read), 0))
    }

    /// Drives the handshake as far as the received bytes allow.
    package func handshake() -> HandshakeResult {
        ERR_clear_error()
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
    /// Drains until OpenSSL wants more input: with memory BIOs all received ciphertext is already inside
    /// OpenSSL, so stopping early would leave plaintext no epoll event would ever report.
    package func readPlaintext(scratch: UnsafeMutableRawBufferPointer, _ sink: (UnsafeRawBufferPointer) -> Void) -> ReadResult {
        while true {
            ERR_clear_error()
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
            ERR_clear_error()
            let count = SSL_write(self.ssl, plaintext.baseAddress.map { $0 + offset }, Int32(plaintext.count - offset))
            guard count > 0 else { return false }
            offset += Int(count)
        }
        return true
    }

    /// Replaces both memory BIOs with empty ones when they hold nothing: a memory BIO keeps the largest
    /// buffer it ever needed, which across 10,000 idle keep-alive connections adds up.
    package func releaseBuffers() {
        guard BIO_ctrl_pending(self.inbound) == 0, BIO_ctrl_pending(self.outbound) == 0,
            let inbound = BIO_new(BIO_s_mem()), let outbound = BIO_new(BIO_s_mem())
        else { return }
        SSL_set0_rbio(self.ssl, inbound)
        SSL_set0_wbio(self.ssl, outbound)
        self.inbound = inbound
        self.outbound = outbound
        _ = SSL_free_buffers(self.ssl)
    }

    /// Queues a close_notify alert for the peer.
    package func close() {
        ERR_clear_error()
        _ = SSL_shutdown(self.ssl)
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
