#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Exact byte equality between stored strings and bytes read in place, so the request path compares without making
// a String (`==` on String compares Unicode-canonically, which is both slower and not what a wire name means).
// Here rather than in ByteText: the JSON decoder's key matching calls these in its inner loop, and kept in the
// decoder's own module they compile into it (measured: BENCHMARKS.md, "Measured design decisions"); PolicyCore
// reads them through PolicyAPI.

extension Array where Element == UInt8 {
    /// Whether these stored UTF-8 bytes equal bytes read in place from a document: how plan keys and known names
    /// are matched without making a string first.
    @inlinable
    package func isEqual(toUTF8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard self.count == bytes.count else { return false }
        return self.withUnsafeBufferPointer { stored in
            guard let storedBase = stored.baseAddress, let base = bytes.baseAddress else { return stored.isEmpty }
            return memcmp(storedBase, base, bytes.count) == 0
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether these bytes (a key read in place) spell the ASCII `name`.
    @inlinable
    package func isEqual(toASCII name: StaticString) -> Bool {
        guard self.count == name.utf8CodeUnitCount else { return false }
        return name.withUTF8Buffer { expected in self.elementsEqual(expected) }
    }
}

extension String {
    /// Whether this string's UTF-8 is exactly `bytes` (lengths compared first, without reading the bytes).
    @inlinable
    package func hasUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard self.utf8.count == bytes.count else { return false }
        var string = self
        return string.withUTF8 { own in
            // Indexed rather than `elementsEqual`, whose iterator protocol costs more than these few bytes.
            for position in 0..<own.count where own[position] != bytes[position] { return false }
            return true
        }
    }

    /// Whether this string's UTF-8 is exactly `first`, the ASCII `separator`, then `second` (`group/version`),
    /// decided on the bytes without building the joined string.
    @inlinable
    package func isJoined(_ first: String, _ separator: UInt8, _ second: String) -> Bool {
        let firstCount = first.utf8.count
        guard self.utf8.count == firstCount + 1 + second.utf8.count else { return false }
        var string = self
        return string.withUTF8 { bytes in
            bytes[firstCount] == separator
                && first.hasUTF8(UnsafeBufferPointer(rebasing: bytes[..<firstCount]))
                && second.hasUTF8(UnsafeBufferPointer(rebasing: bytes[(firstCount + 1)...]))
        }
    }
}
