import COpenSSL

// Certificates and keys given as PEM bytes rather than files (a kubeconfig's `*-data` fields, read files).

extension TLSContext {
    /// Adds every certificate of a PEM bundle to the context's trust store.
    func trust(_ bundle: [UInt8]) throws(TLSError) {
        let certificates = try Self.certificates(fromPEM: bundle, what: "certificate authority")
        guard !certificates.isEmpty else { throw .configuration("the certificate authority bundle holds no certificate") }
        let store = SSL_CTX_get_cert_store(self.pointer)
        for certificate in certificates {
            X509_STORE_add_cert(store, certificate)
            X509_free(certificate)
        }
    }

    /// Installs a client certificate chain (leaf first) and its private key, checked to match.
    func present(certificatePEM: [UInt8], keyPEM: [UInt8]) throws(TLSError) {
        let certificates = try Self.certificates(fromPEM: certificatePEM, what: "client certificate")
        defer { certificates.forEach { X509_free($0) } }
        guard let leaf = certificates.first else { throw .configuration("the client certificate file holds no certificate") }
        guard SSL_CTX_use_certificate(self.pointer, leaf) == 1 else {
            throw .configuration("the client certificate is unusable")
        }
        for intermediate in certificates.dropFirst() {
            _ = cossl_ctx_add1_chain_cert(self.pointer, intermediate)
        }
        let key: OpaquePointer? = keyPEM.withUnsafeBytes { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            return PEM_read_bio_PrivateKey(bio, nil, nil, nil)
        }
        guard let key else { throw .configuration("the client key is not a PEM private key") }
        defer { EVP_PKEY_free(key) }
        guard SSL_CTX_use_PrivateKey(self.pointer, key) == 1, SSL_CTX_check_private_key(self.pointer) == 1 else {
            throw .configuration("the client key does not match the client certificate")
        }
    }

    /// Every certificate of a PEM bundle; the caller frees them.
    private static func certificates(fromPEM pem: [UInt8], what: String) throws(TLSError) -> [OpaquePointer] {
        TLSError.clearQueue()
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
        guard let certificates else { throw .configuration("cannot read the \(what) PEM") }
        return certificates
    }
}
