import Glibc

/// An IPv4 or IPv6 socket address parsed from `host:port` (`[::]:9443`, `127.0.0.1:0`, `localhost:8080`).
package struct SocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// The numeric host (`::`, `127.0.0.1`).
    package let host: String
    package let port: Int
    package let isIPv6: Bool

    /// Parses `host:port`, where host is an IP literal (IPv6 in brackets), `localhost` or empty (all IPv6).
    package init(parsing text: String) throws(SystemCallError) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { throw .invalidArgument("address '\(text)' is not host:port") }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
        }
        if host.isEmpty { host = "::" }
        if host == "localhost" { host = "127.0.0.1" }
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            self.isIPv6 = false
        } else if inet_pton(AF_INET6, host, &v6) == 1 {
            self.isIPv6 = true
        } else {
            throw .invalidArgument("address '\(text)' has no IP literal host")
        }
        self.host = host
        self.port = port
    }

    /// The address a `sockaddr_storage` holds.
    init(storage: sockaddr_storage) {
        var storage = storage
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        if storage.ss_family == sa_family_t(AF_INET6) {
            let address = withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee } }
            var bytes = address.sin6_addr
            inet_ntop(AF_INET6, &bytes, &buffer, socklen_t(buffer.count))
            self.isIPv6 = true
            self.port = Int(UInt16(bigEndian: address.sin6_port))
        } else {
            let address = withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee } }
            var bytes = address.sin_addr
            inet_ntop(AF_INET, &bytes, &buffer, socklen_t(buffer.count))
            self.isIPv6 = false
            self.port = Int(UInt16(bigEndian: address.sin_port))
        }
        self.host = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The address family for socket(2).
    var family: Int32 { self.isIPv6 ? AF_INET6 : AF_INET }

    package var description: String { self.isIPv6 ? "[\(self.host)]:\(self.port)" : "\(self.host):\(self.port)" }

    /// Calls `body` with a `sockaddr` pointer and length for this address.
    func withSockAddr<R, E: Error>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws(E) -> R) throws(E) -> R {
        if self.isIPv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = UInt16(self.port).bigEndian
            inet_pton(AF_INET6, self.host, &address.sin6_addr)
            return try withUnsafePointer(to: &address) { (pointer) throws(E) -> R in
                try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { (raw) throws(E) -> R in
                    try body(raw, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(self.port).bigEndian
        inet_pton(AF_INET, self.host, &address.sin_addr)
        return try withUnsafePointer(to: &address) { (pointer) throws(E) -> R in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { (raw) throws(E) -> R in
                try body(raw, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
    }
}
