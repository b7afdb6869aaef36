import COpenSSL

/// A configured OpenSSL `SSL_CTX`, for the server (TLS 1.2/1.3, ALPN http/1.1) or for a client.
///
/// `@unchecked Sendable`: an `SSL_CTX` is only mutated here, in `init`; once configured OpenSSL allows it to
/// be shared by threads creating `SSL` objects (it is reference counted with atomics), and it is freed once,
/// in `deinit`, after every `SSL` made from it holds its own reference.
package final class TLSContext: @unchecked Sendable {
    let pointer: OpaquePointer

    /// TLS 1.2 cipher suites: ECDHE with AEAD only (TLS 1.3 suites are OpenSSL's defaults, all AEAD).
    static let tls12Ciphers =
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
        + "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"

    /// A server context with the certificate chain and key (ECDSA or RSA), checked to match.
    package init(server configuration: TLSConfiguration) throws(TLSError) {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_server_method()) else { throw .configuration("SSL_CTX_new failed") }
        self.pointer = context
        try self.applyCommonSettings()
        _ = cossl_ctx_set_options(context, cossl_op_cipher_server_preference() | cossl_op_no_renegotiation())
        // Clients of a webhook keep connections alive instead of resuming sessions; no cache and no tickets
        // keep memory flat (the default cache holds up to 20,480 TLS 1.2 sessions).
        _ = cossl_ctx_set_session_cache_mode(context, Int(SSL_SESS_CACHE_OFF))
        _ = SSL_CTX_set_num_tickets(context, 0)
        cossl_ctx_select_alpn_http11(context)
        guard SSL_CTX_use_certificate_chain_file(context, configuration.certificateChainPath) == 1 else {
            throw .configuration("certificate \(configuration.certificateChainPath) cannot be used")
        }
        guard SSL_CTX_use_PrivateKey_file(context, configuration.privateKeyPath, SSL_FILETYPE_PEM) == 1 else {
            throw .configuration("private key \(configuration.privateKeyPath) cannot be used")
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw .configuration("private key \(configuration.privateKeyPath) does not match the certificate")
        }
        if let clientCA = configuration.clientCAPath {
            guard SSL_CTX_load_verify_locations(context, clientCA, nil) == 1,
                let names = SSL_load_client_CA_file(clientCA)
            else { throw .configuration("client CA \(clientCA) cannot be used") }
            SSL_CTX_set_client_CA_list(context, names)
            SSL_CTX_set_verify(context, cossl_verify_peer_required(), nil)
        }
    }

    /// A client context trusting `caPath` (or nothing, when nil), optionally presenting a certificate, and
    /// limited to the given protocol versions (tests use this to try refused versions).
    package init(
        clientTrusting caPath: String?,
        certificatePath: String? = nil,
        keyPath: String? = nil,
        minimumVersion: Int32 = TLS1_2_VERSION,
        maximumVersion: Int32 = TLS1_3_VERSION
    ) throws(TLSError) {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw .configuration("SSL_CTX_new failed") }
        self.pointer = context
        try self.applyCommonSettings(minimumVersion: minimumVersion, maximumVersion: maximumVersion)
        var alpn: [UInt8] = [8] + Array("http/1.1".utf8)
        _ = SSL_CTX_set_alpn_protos(context, &alpn, UInt32(alpn.count))
        if let caPath {
            guard SSL_CTX_load_verify_locations(context, caPath, nil) == 1 else {
                throw .configuration("CA \(caPath) cannot be used")
            }
            SSL_CTX_set_verify(context, cossl_verify_peer(), nil)
        }
        if let certificatePath, let keyPath {
            guard SSL_CTX_use_certificate_chain_file(context, certificatePath) == 1,
                SSL_CTX_use_PrivateKey_file(context, keyPath, SSL_FILETYPE_PEM) == 1
            else { throw .configuration("client certificate \(certificatePath) cannot be used") }
        }
    }

    /// A client context from PEM bytes, as a kubeconfig or a service account carries them: the server verified
    /// against `certificateAuthorityPEM` (the system trust store when nil) unless `verifiesPeer` is false, and the
    /// client certificate chain (leaf first) and its key presented when given.
    package init(
        clientTrustingPEM certificateAuthorityPEM: [UInt8]?, verifiesPeer: Bool,
        certificatePEM: [UInt8]? = nil, keyPEM: [UInt8]? = nil
    ) throws(TLSError) {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw .configuration("SSL_CTX_new failed") }
        self.pointer = context
        try self.applyCommonSettings()
        _ = cossl_ctx_set_options(context, cossl_op_no_renegotiation())
        if verifiesPeer {
            SSL_CTX_set_verify(context, cossl_verify_peer(), nil)
            if let certificateAuthorityPEM {
                try self.trust(certificateAuthorityPEM)
            } else if SSL_CTX_set_default_verify_paths(context) != 1 {
                throw .configuration("cannot load the system trust store")
            }
        } else {
            SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        }
        if let certificatePEM, let keyPEM {
            try self.present(certificatePEM: certificatePEM, keyPEM: keyPEM)
        }
    }

    deinit {
        SSL_CTX_free(self.pointer)
    }

    /// Versions, modes and options shared by server and client contexts.
    private func applyCommonSettings(
        minimumVersion: Int32 = TLS1_2_VERSION,
        maximumVersion: Int32 = TLS1_3_VERSION
    ) throws(TLSError) {
        let context = self.pointer
        guard cossl_ctx_set_min_proto_version(context, minimumVersion) == 1,
            cossl_ctx_set_max_proto_version(context, maximumVersion) == 1
        else { throw .configuration("cannot limit protocol versions") }
        if minimumVersion < TLS1_2_VERSION {
            // Only tests lower the floor, to check that the server refuses old versions.
            _ = SSL_CTX_set_cipher_list(context, "DEFAULT@SECLEVEL=0")
        } else {
            guard SSL_CTX_set_cipher_list(context, Self.tls12Ciphers) == 1 else {
                throw .configuration("cannot set the cipher list")
            }
        }
        _ = cossl_ctx_set1_groups_list(context, "X25519:P-256:P-384")
        _ = cossl_ctx_set_options(context, cossl_op_no_compression() | cossl_op_ignore_unexpected_eof())
        // SSL_MODE_RELEASE_BUFFERS frees both 16 KB record buffers whenever they are empty, so a connection between
        // records (a slowloris client dripping its head) holds none. Busy connections pay a malloc and free per
        // record, which does not show in throughput, while idle connections cost far less memory (the A/B is in
        // BENCHMARKS.md, "Measured design decisions").
        _ = cossl_ctx_set_mode(
            context,
            cossl_mode_accept_moving_write_buffer() | cossl_mode_enable_partial_write() | cossl_mode_release_buffers()
        )
    }
}
