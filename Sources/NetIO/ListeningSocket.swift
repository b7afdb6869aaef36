import Glibc
import Synchronization

/// A bound, listening, non-blocking TCP socket; each event loop of a server has its own, all bound to one port
/// with SO_REUSEPORT, so the kernel spreads new connections over the loops.
final class ListeningSocket: Sendable {
    let fd: Int32
    /// The bound address, with the real port when port 0 was asked for.
    let address: SocketAddress
    private let isClosed = Atomic(false)

    /// Binds and listens; IPv6 sockets also accept IPv4 (`[::]` is dual-stack).
    init(address: SocketAddress, backlog: Int32 = 1024) throws(SystemCallError) {
        let fd = try Self.bound(address, isPortShared: true)
        do {
            try Syscall.listen(fd, backlog: backlog)
            self.address = try Syscall.localAddress(fd)
        } catch {
            Syscall.close(fd)
            throw error
        }
        self.fd = fd
    }

    /// Fails with EADDRINUSE when something already listens on `address`: SO_REUSEPORT would otherwise let a
    /// second webhook silently share the port. A fixed port is probed by binding it without SO_REUSEPORT.
    static func ensureAvailable(_ address: SocketAddress) throws(SystemCallError) {
        guard address.port != 0 else { return }
        Syscall.close(try Self.bound(address, isPortShared: false))
    }

    /// A new socket bound to `address` (dual-stack for IPv6), with SO_REUSEPORT when the port is shared by the
    /// loops; closed again if any step fails.
    private static func bound(_ address: SocketAddress, isPortShared: Bool) throws(SystemCallError) -> Int32 {
        let fd = try Syscall.socket(family: address.family)
        do {
            try Syscall.setOption(fd, level: SOL_SOCKET, name: SO_REUSEADDR, value: 1)
            if isPortShared { try Syscall.setOption(fd, level: SOL_SOCKET, name: SO_REUSEPORT, value: 1) }
            if address.isIPv6 {
                try Syscall.setOption(fd, level: Int32(IPPROTO_IPV6), name: IPV6_V6ONLY, value: 0)
            }
            try Syscall.bind(fd, to: address)
            return fd
        } catch {
            Syscall.close(fd)
            throw error
        }
    }

    /// Closes the socket: new connections are refused from here on. Only the first call closes (the loop closes
    /// its listener when shutdown begins, the server closes every listener again when the last loop ends).
    func close() {
        guard !self.isClosed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        Syscall.close(self.fd)
    }
}
