import CNetShims
import Glibc

/// The one place libc is called: each call retries EINTR, returns EAGAIN as `.wouldBlock`, and throws any
/// other errno as `SystemCallError` (swift-nio `System.swift`).
enum Syscall {
    /// Runs `body` until it stops failing with EINTR; a negative result becomes a thrown error.
    @inline(__always)
    private static func retrying<T: BinaryInteger>(_ call: String, _ body: () -> T) throws(SystemCallError) -> T {
        while true {
            let result = body()
            if result >= 0 { return result }
            if errno == EINTR { continue }
            throw .failed(call)
        }
    }

    /// Like `retrying`, with EAGAIN/EWOULDBLOCK reported as `.wouldBlock`.
    @inline(__always)
    private static func nonBlocking<T: BinaryInteger>(_ call: String, _ body: () -> T) throws(SystemCallError) -> IOResult<T> {
        while true {
            let result = body()
            if result >= 0 { return .processed(result) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: throw .failed(call)
            }
        }
    }

    // MARK: - Descriptors

    /// read(2) into the buffer; `.processed(0)` is end of stream.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> IOResult<Int> {
        try self.nonBlocking("read") { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// send(2) with MSG_NOSIGNAL, so a reset peer gives EPIPE instead of SIGPIPE.
    static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemCallError) -> IOResult<Int> {
        try self.nonBlocking("send") { Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
    }

    /// close(2), ignoring errors: after close the descriptor is gone whatever it reports.
    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// shutdown(2) of the write side, ignoring errors (the peer may already be gone).
    static func shutdownWrite(_ fd: Int32) {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    // MARK: - Sockets

    /// A non-blocking, close-on-exec stream socket.
    static func socket(family: Int32) throws(SystemCallError) -> Int32 {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        return try self.retrying("socket") { Glibc.socket(family, type, 0) }
    }

    /// setsockopt(2) with an Int32 value.
    static func setOption(_ fd: Int32, level: Int32, name: Int32, value: Int32) throws(SystemCallError) {
        var value = value
        _ = try self.retrying("setsockopt") {
            Glibc.setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    /// bind(2) to an address.
    static func bind(_ fd: Int32, to address: SocketAddress) throws(SystemCallError) {
        _ = try address.withSockAddr { (pointer, length) throws(SystemCallError) in
            try self.retrying("bind \(address)") { Glibc.bind(fd, pointer, length) }
        }
    }

    /// listen(2).
    static func listen(_ fd: Int32, backlog: Int32) throws(SystemCallError) {
        _ = try self.retrying("listen") { Glibc.listen(fd, backlog) }
    }

    /// accept4(2) with SOCK_NONBLOCK | SOCK_CLOEXEC.
    static func accept(_ fd: Int32) throws(SystemCallError) -> IOResult<Int32> {
        try self.nonBlocking("accept4") { cnet_accept4_nonblocking(fd, nil, nil) }
    }

    /// connect(2); a non-blocking socket reports EINPROGRESS, which is returned as `.wouldBlock`.
    static func connect(_ fd: Int32, to address: SocketAddress) throws(SystemCallError) -> IOResult<Void> {
        let result = address.withSockAddr { pointer, length in Glibc.connect(fd, pointer, length) }
        if result == 0 { return .processed(()) }
        if errno == EINPROGRESS || errno == EINTR { return .wouldBlock }
        throw .failed("connect \(address)")
    }

    /// getsockname(2): the address a socket is bound to (the real port after binding port 0).
    static func localAddress(_ fd: Int32) throws(SystemCallError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try withUnsafeMutablePointer(to: &storage) { (pointer) throws(SystemCallError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { (address) throws(SystemCallError) in
                try self.retrying("getsockname") { Glibc.getsockname(fd, address, &length) }
            }
        }
        return SocketAddress(storage: storage)
    }

    // MARK: - epoll and eventfd

    /// epoll_create1(EPOLL_CLOEXEC).
    static func epollCreate() throws(SystemCallError) -> Int32 {
        try self.retrying("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
    }

    /// epoll_ctl(2) with the descriptor as the event's data.
    static func epollControl(_ epoll: Int32, _ operation: Int32, _ fd: Int32, events: UInt32) throws(SystemCallError) {
        var event = epoll_event(events: events, data: epoll_data_t(fd: fd))
        _ = try self.retrying("epoll_ctl") { epoll_ctl(epoll, operation, fd, &event) }
    }

    /// epoll_wait(2); EINTR returns zero events.
    static func epollWait(
        _ epoll: Int32,
        events: UnsafeMutableBufferPointer<epoll_event>,
        timeoutMilliseconds: Int32
    ) throws(SystemCallError) -> Int {
        let count = epoll_wait(epoll, events.baseAddress, Int32(events.count), timeoutMilliseconds)
        if count >= 0 { return Int(count) }
        if errno == EINTR { return 0 }
        throw .failed("epoll_wait")
    }

    /// A non-blocking eventfd used to wake an event loop from another thread.
    static func eventFD() throws(SystemCallError) -> Int32 {
        try self.retrying("eventfd") { eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC)) }
    }

    /// Adds one to an eventfd counter, waking its reader.
    static func signalEventFD(_ fd: Int32) {
        var one: UInt64 = 1
        _ = withUnsafeBytes(of: &one) { Glibc.write(fd, $0.baseAddress, 8) }
    }

    /// Resets an eventfd counter after a wake-up.
    static func drainEventFD(_ fd: Int32) {
        var value: UInt64 = 0
        _ = withUnsafeMutableBytes(of: &value) { Glibc.read(fd, $0.baseAddress, 8) }
    }

    // MARK: - Process

    /// Raises the soft open-file limit to the hard limit, so 10,000 connections fit.
    static func raiseOpenFileLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    /// Nanoseconds on CLOCK_MONOTONIC.
    static func monotonicNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
