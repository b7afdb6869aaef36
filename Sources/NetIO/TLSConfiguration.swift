/// Where the serving certificate, its key and the optional client CA live (PEM files).
package struct TLSConfiguration: Sendable, Hashable {
    /// The certificate chain, leaf first.
    package var certificateChainPath: String
    package var privateKeyPath: String
    /// When set, clients must present a certificate signed by this CA (only the API server may call).
    package var clientCAPath: String?

    package init(certificateChainPath: String, privateKeyPath: String, clientCAPath: String? = nil) {
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
        self.clientCAPath = clientCAPath
    }
}
