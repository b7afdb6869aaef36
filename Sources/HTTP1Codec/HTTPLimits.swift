/// Size limits the parser enforces, each with its own HTTP answer (431 for the head, 413 for the body).
package struct HTTPLimits: Sendable, Hashable {
    /// Largest request head (request line, headers and the blank line), and largest chunked trailer section.
    package var maxHeadBytes: Int
    /// Largest request body after chunked decoding.
    package var maxBodyBytes: Int

    /// The defaults: a 16 KiB head and an 8 MiB body (kube-apiserver objects approach 3 MiB each).
    package init(maxHeadBytes: Int = 16 * 1024, maxBodyBytes: Int = 8 * 1024 * 1024) {
        self.maxHeadBytes = maxHeadBytes
        self.maxBodyBytes = maxBodyBytes
    }
}
