import COpenSSL

/// The client-side OpenSSL context for one API server: trust anchors, client certificate, protocol floor.
///
/// `@unchecked Sendable`: the `SSL_CTX` is fully configured in `init` and only read afterwards (each connection
/// creates its own `SSL` from it), which OpenSSL documents as thread-safe; it is freed once, in `deinit`.
package final class TLSClientContext: @unchecked Sendable {
    let context: OpaquePointer
    /// Whether connections verify the server's certificate and name.
    let verifiesPeer: Bool

    /// Builds the context from the configuration's CA, client certificate and verification choice.
    package init(configuration: APIServerConfiguration) throws(KubeClientError) {
        guard let method = TLS_client_method(), let context = SSL_CTX_new(method) else {
            throw .tls("cannot create an OpenSSL client context: \(Self.openSSLErrors())")
        }
        self.context = context
        self.verifiesPeer = !configuration.isInsecureSkipTLSVerify
        _ = cossl_ctx_set_min_proto_version(context, TLS1_2_VERSION)
        _ = cossl_ctx_set_options(
            context, cossl_op_no_compression() | cossl_op_no_renegotiation() | cossl_op_ignore_unexpected_eof())
        _ = cossl_ctx_set_mode(context, cossl_mode_accept_moving_write_buffer() | cossl_mode_enable_partial_write())

        if self.verifiesPeer {
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
            if let pem = configuration.certificateAuthorityPEM {
                let certificates = try Self.certificates(fromPEM: pem, what: "certificate authority")
                guard !certificates.isEmpty else { throw .tls("the certificate authority bundle holds no certificate") }
                let store = SSL_CTX_get_cert_store(context)
                for certificate in certificates {
                    X509_STORE_add_cert(store, certificate)
                    X509_free(certificate)
                }
            } else if SSL_CTX_set_default_verify_paths(context) != 1 {
                throw .tls("cannot load the system trust store: \(Self.openSSLErrors())")
            }
        } else {
            SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        }

        if let certificatePEM = configuration.clientCertificatePEM, let keyPEM = configuration.clientKeyPEM {
            try self.useClientCertificate(certificatePEM: certificatePEM, keyPEM: keyPEM)
        }
    }

    deinit {
        SSL_CTX_free(self.context)
    }

    /// Installs the client certificate chain (leaf first) and its private key.
    private func useClientCertificate(certificatePEM: [UInt8], keyPEM: [UInt8]) throws(KubeClientError) {
        let certificates = try Self.certificates(fromPEM: certificatePEM, what: "client certificate")
        guard let leaf = certificates.first else { throw .tls("the client certificate file holds no certificate") }
        defer { certificates.forEach { X509_free($0) } }
        guard SSL_CTX_use_certificate(self.context, leaf) == 1 else {
            throw .tls("the client certificate is unusable: \(Self.openSSLErrors())")
        }
        for intermediate in certificates.dropFirst() {
            _ = cossl_ctx_add1_chain_cert(self.context, intermediate)
        }
        let key: OpaquePointer? = keyPEM.withUnsafeBytes { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            return PEM_read_bio_PrivateKey(bio, nil, nil, nil)
        }
        guard let key else { throw .tls("the client key is not a PEM private key: \(Self.openSSLErrors())") }
        defer { EVP_PKEY_free(key) }
        guard SSL_CTX_use_PrivateKey(self.context, key) == 1, SSL_CTX_check_private_key(self.context) == 1 else {
            throw .tls("the client key does not match the client certificate: \(Self.openSSLErrors())")
        }
    }

    /// Every certificate of a PEM bundle; the caller frees them.
    private static func certificates(fromPEM pem: [UInt8], what: String) throws(KubeClientError) -> [OpaquePointer] {
        ERR_clear_error()
        let certificates: [OpaquePointer]? = pem.withUnsafeBytes { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            var certificates: [OpaquePointer] = []
            while let certificate = PEM_read_bio_X509(bio, nil, nil, nil) {
                certificates.append(certificate)
            }
            return certificates
        }
        // Reading stops with a "no start line" error at the end of the bundle: expected, not a failure.
        ERR_clear_error()
        guard let certificates else { throw .tls("cannot read the \(what) PEM") }
        return certificates
    }

    /// The thread's OpenSSL error queue as one line, emptied.
    static func openSSLErrors() -> String {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages.isEmpty ? "no OpenSSL detail" : messages.joined(separator: "; ")
    }
}
