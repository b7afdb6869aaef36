/// Longer names that recur in every review of the webhook's kinds, made once and shared.
///
/// Strings of up to 15 UTF-8 bytes live inline and cost nothing to make; longer ones need a heap allocation each
/// time. A review of a Server carries several of them (its API group twice, `creationTimestamp`,
/// `matchExpressions`...), so the parser hands out these shared copies instead: a length check and a byte
/// comparison against a few candidates.
enum KnownStrings {
    /// Above this many UTF-8 bytes a string is allocated (Swift's small-string capacity on 64-bit platforms).
    static let inlineCapacity = 15

    private static let words: [String] = [
        // Keys.
        "creationTimestamp", "matchExpressions", "externalWorkloadSelector", "requiredAuthenticationRefs",
        "requestHeaderModifier", "responseHeaderModifier", "generateName",
        // API groups and versions.
        "policy.linkerd.io", "policy.linkerd.io/v1alpha1", "policy.linkerd.io/v1beta1", "policy.linkerd.io/v1beta2",
        "policy.linkerd.io/v1beta3", "admission.k8s.io/v1", "admission.k8s.io/v1beta1", "gateway.networking.k8s.io",
        "gateway.networking.k8s.io/v1", "gateway.networking.k8s.io/v1beta1", "gateway.networking.k8s.io/v1alpha2",
        "workload.linkerd.io", "workload.linkerd.io/v1beta1",
        // Kinds.
        "AuthorizationPolicy", "ServerAuthorization", "MeshTLSAuthentication", "NetworkAuthentication",
        "HTTPLocalRateLimitPolicy", "ExternalWorkload",
        // Default policies.
        "all-authenticated", "all-unauthenticated", "cluster-authenticated", "cluster-unauthenticated",
    ]

    /// The candidates by UTF-8 length.
    private static let byLength: [[(utf8: [UInt8], string: String)]] = {
        let longest = words.map(\.utf8.count).max() ?? 0
        var table = [[(utf8: [UInt8], string: String)]](repeating: [], count: longest + 1)
        for word in words where word.utf8.count > inlineCapacity {
            table[word.utf8.count].append((utf8: Array(word.utf8), string: word))
        }
        return table
    }()

    /// The shared string with these UTF-8 bytes, if it is a known one.
    static func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        // Most strings are short: they are answered before the table (a lazily made global) is touched.
        guard bytes.count > Self.inlineCapacity else { return nil }
        let table = Self.byLength
        guard bytes.count < table.count else { return nil }
        for candidate in table[bytes.count] where candidate.utf8.isEqual(toUTF8: bytes) { return candidate.string }
        return nil
    }

    /// A string of these UTF-8 bytes (already checked to be valid UTF-8), shared when it is a known one.
    static func make(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        Self.lookup(bytes) ?? String(decoding: bytes, as: UTF8.self)
    }
}
