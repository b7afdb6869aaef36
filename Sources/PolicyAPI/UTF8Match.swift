#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Array where Element == UInt8 {
    /// Whether these stored UTF-8 bytes equal bytes read in place from a document: how plan keys and known names
    /// are matched without making a string first.
    func isEqual(toUTF8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard self.count == bytes.count else { return false }
        return self.withUnsafeBufferPointer { stored in
            guard let storedBase = stored.baseAddress, let base = bytes.baseAddress else { return stored.isEmpty }
            return memcmp(storedBase, base, bytes.count) == 0
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether these bytes (a key read in place) spell the ASCII `name`.
    func isEqual(toASCII name: StaticString) -> Bool {
        guard self.count == name.utf8CodeUnitCount else { return false }
        return name.withUTF8Buffer { expected in self.elementsEqual(expected) }
    }
}
