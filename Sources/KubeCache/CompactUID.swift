/// A Kubernetes uid kept in 16 bytes when it is a canonical UUID (as the API server assigns), as text otherwise:
/// a 36-character string would need a heap allocation per pod.
enum CompactUID: Sendable, Hashable {
    case uuid(UInt64, UInt64)
    case text(String)

    init(_ string: String) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        var digits = 0
        let utf8 = string.utf8
        guard utf8.count == 36 else {
            self = .text(string)
            return
        }
        for (index, byte) in utf8.enumerated() {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == UInt8(ascii: "-") else {
                    self = .text(string)
                    return
                }
                continue
            }
            let value: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
            default:
                self = .text(string)
                return
            }
            if digits < 16 { high = high << 4 | UInt64(value) } else { low = low << 4 | UInt64(value) }
            digits += 1
        }
        self = .uuid(high, low)
    }

    /// The uid as the API server wrote it.
    var string: String {
        switch self {
        case .text(let text):
            return text
        case .uuid(let high, let low):
            let hex = Array("0123456789abcdef".utf8)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(36)
            for (position, word) in [(0, high), (16, low)] {
                for nibble in 0..<16 {
                    let index = position + nibble
                    if index == 8 || index == 12 || index == 16 || index == 20 { bytes.append(UInt8(ascii: "-")) }
                    bytes.append(hex[Int((word >> UInt64(60 - nibble * 4)) & 0xF)])
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
