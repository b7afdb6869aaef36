/// Eight bytes tested at once, for the scans over JSON strings: the parser's skip over plain string bytes and
/// the writer's search for the next byte to escape.
///
/// Each test sets the top bit of a byte's lane for a byte that matches. A borrow of the subtraction can also
/// flag a lane above a true match, never one below, so the lowest flagged lane is always a true match and
/// `firstFlagged` is exact (only it may be relied on).
enum ByteWords {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let tops: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes at `base + offset`, the first in the lowest lane.
    @inline(__always)
    static func load(_ base: UnsafePointer<UInt8>, at offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
    }

    /// Lanes of bytes below `limit` (at most 0x80): control bytes for 0x20.
    @inline(__always)
    static func below(_ limit: UInt8, in word: UInt64) -> UInt64 {
        (word &- Self.ones &* UInt64(limit)) & ~word & Self.tops
    }

    /// Lanes of bytes equal to the ASCII byte `byte`.
    @inline(__always)
    static func equal(to byte: UInt8, in word: UInt64) -> UInt64 {
        let difference = word ^ (Self.ones &* UInt64(byte))
        return (difference &- Self.ones) & ~difference & Self.tops
    }

    /// Lanes of bytes of 0x80 and above (UTF-8 beyond ASCII).
    @inline(__always)
    static func nonASCII(in word: UInt64) -> UInt64 {
        word & Self.tops
    }

    /// The index of the lowest flagged lane (`flags` not zero).
    @inline(__always)
    static func firstFlagged(_ flags: UInt64) -> Int {
        flags.trailingZeroBitCount >> 3
    }
}
