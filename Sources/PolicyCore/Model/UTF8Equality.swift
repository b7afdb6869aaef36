/// Byte equality of strings, for the request path's exact comparisons (`==` compares Unicode-canonically).
extension String {
    /// Whether this string's UTF-8 is exactly `bytes` (lengths compared first, without reading the bytes).
    func hasUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard self.utf8.count == bytes.count else { return false }
        var string = self
        return string.withUTF8 { own in
            // Indexed rather than `elementsEqual`, whose iterator protocol costs more than these few bytes.
            for position in 0..<own.count where own[position] != bytes[position] { return false }
            return true
        }
    }
}
