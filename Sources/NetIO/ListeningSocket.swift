import Glibc

/// A bound, listening, non-blocking TCP socket shared by the event loops of one server.
final class ListeningSocket: Sendable {
    let fd: Int32
    /// The bound address, with the real port when port 0 was asked for.
    let address: SocketAddress

    /// Binds and listens; IPv6 sockets also accept IPv4 (`[::]` is dual-stack).
    init(address: SocketAddress, backlog: Int32 = 1024) throws(SystemCallError) {
        let fd = try Syscall.socket(family: address.family)
        do {
            try Syscall.setOption(fd, level: SOL_SOCKET, name: SO_REUSEADDR, value: 1)
            if address.isIPv6 {
                try Syscall.setOption(fd, level: Int32(IPPROTO_IPV6), name: IPV6_V6ONLY, value: 0)
            }
            try Syscall.bind(fd, to: address)
            try Syscall.listen(fd, backlog: backlog)
            self.address = try Syscall.localAddress(fd)
        } catch {
            Syscall.close(fd)
            throw error
        }
        self.fd = fd
    }

    /// Closes the socket: new connections are refused from here on.
    func close() {
        Syscall.close(self.fd)
    }
}
