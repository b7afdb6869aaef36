import COpenSSL

#if canImport(Glibc)
import Glibc
#endif

/// Reads when a PEM certificate expires, for the certificate-expiry metric.
package enum CertificateExpiry {
    /// The first certificate's notAfter in `path`, as seconds since the Unix epoch; nil when unreadable.
    package static func notAfter(path: String) -> Double? {
        guard let bio = BIO_new_file(path, "r") else { return nil }
        defer { BIO_free(bio) }
        guard let certificate = PEM_read_bio_X509(bio, nil, nil, nil) else {
            ERR_clear_error()
            return nil
        }
        defer { X509_free(certificate) }
        guard let notAfter = X509_get0_notAfter(certificate) else { return nil }
        var time = tm()
        guard ASN1_TIME_to_tm(notAfter, &time) == 1 else { return nil }
        return Double(timegm(&time))
    }
}
