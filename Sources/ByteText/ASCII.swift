// ByteText: the ASCII classes and case-insensitive comparisons the pure targets share (PolicyCore, HTTP1Codec).
// Pure: standard library only. Exact byte equality is PolicyAPI's (`ByteEquality.swift`).

/// ASCII byte classes and case folding, on UTF-8 code units.
@usableFromInline
package enum ASCII {
    /// `a-z`.
    @inlinable @inline(__always)
    package static func isLowerLetter(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }

    /// `A-Z`.
    @inlinable @inline(__always)
    package static func isUpperLetter(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }

    /// The byte with `A-Z` folded to `a-z`; every other byte unchanged.
    @inlinable @inline(__always)
    package static func lowercase(_ byte: UInt8) -> UInt8 { Self.isUpperLetter(byte) ? byte | 0x20 : byte }

    /// `0-9`.
    @inlinable @inline(__always)
    package static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// `A-Za-z0-9`.
    @inlinable @inline(__always)
    package static func isAlphanumeric(_ byte: UInt8) -> Bool {
        Self.isLowerLetter(byte) || Self.isUpperLetter(byte) || Self.isDigit(byte)
    }

    /// `a-z0-9`.
    @inlinable @inline(__always)
    package static func isLowerAlphanumeric(_ byte: UInt8) -> Bool { Self.isLowerLetter(byte) || Self.isDigit(byte) }

    /// Whether two byte strings are equal with ASCII letters folded (bytes of 0x80 and above compare exactly): how
    /// HTTP compares header names and tokens.
    @inlinable
    package static func equalIgnoringCase(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for index in 0..<lhs.count where Self.lowercase(lhs[index]) != Self.lowercase(rhs[index]) { return false }
        return true
    }

    /// Whether bytes spell a lowercase ASCII literal, ignoring the bytes' case (`Content-Length` is
    /// `content-length`).
    @inlinable
    package static func equalIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, lowercase literal: StaticString) -> Bool {
        literal.withUTF8Buffer { Self.equalIgnoringCase(bytes, $0) }
    }
}
