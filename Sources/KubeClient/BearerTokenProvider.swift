import Synchronization

/// Hands out the bearer token for each request, re-reading a token file whenever it changes.
///
/// Bound service-account tokens expire (an hour by default) and kubelet rewrites the projected file well before;
/// a client that read the token once starts failing with 401 after the rotation. The file is stat'ed on every
/// request (cheap, and requests are few: lists and watches) and read again when its fingerprint changes or after
/// the server answered 401. Exec plugin users get their token (or certificate) from `ExecCredentialProvider`
/// instead; requests reach either through `APIServerClient.credentials()`.
package final class BearerTokenProvider: Sendable {
    /// Where the token comes from.
    package enum Source: Sendable, Hashable {
        /// A fixed token (kubeconfig `token`).
        case inline(String)
        /// A file read again when it changes (in-cluster token, kubeconfig `tokenFile`).
        case file(String)
    }

    /// The last token read and the fingerprint of the file it came from.
    private struct Cached {
        var token: String
        var fingerprint: LocalFile.Fingerprint?
    }

    package let source: Source
    private let cached = Mutex<Cached?>(nil)

    package init(source: Source) {
        self.source = source
    }

    /// The token to send now.
    package func token() throws(KubeClientError) -> String {
        switch self.source {
        case .inline(let token):
            return token
        case .file(let path):
            let fingerprint = LocalFile.fingerprint(path)
            if let cached = self.cached.withLock({ $0 }), fingerprint != nil, cached.fingerprint == fingerprint {
                return cached.token
            }
            let bytes = try LocalFile.read(path)
            let token = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
            guard !token.isEmpty else { throw .configuration("the token file \(path) is empty") }
            self.cached.withLock { $0 = Cached(token: token, fingerprint: fingerprint) }
            return token
        }
    }

    /// Forgets the cached token so the next request reads the file again (after a 401).
    package func invalidate() {
        self.cached.withLock { $0 = nil }
    }
}
