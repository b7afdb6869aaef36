import CNetShims
import Glibc

/// Process signals: SIGPIPE ignored (OpenSSL and a reset peer must never kill the process), SIGTERM and
/// SIGINT turned into an awaitable event.
package enum TerminationSignal {
    /// Ignores SIGPIPE; call once at start-up.
    package static func ignoreBrokenPipe() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Lets SIGTERM and SIGINT reach the calling thread, whatever signal mask the process started with: a parent
    /// may spawn it with them blocked (Foundation's `Process` passes on the mask of the thread that runs it). Call on
    /// a thread that lives as long as the process, such as a parked main thread; threads started by the global
    /// executor keep them blocked.
    package static func unblock() {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    }

    /// Installs the handlers now, so a signal that arrives before `next()` is awaited is not lost.
    package static func install() throws(SystemCallError) {
        guard cnet_termination_fd() >= 0 else { throw .failed("pipe2") }
    }

    /// Waits for the next SIGTERM or SIGINT and returns its number.
    package static func next() async throws(SystemCallError) -> Int32 {
        let fd = cnet_termination_fd()
        guard fd >= 0 else { throw .failed("pipe2") }
        let result: Result<Int32, SystemCallError> = await withCheckedContinuation { continuation in
            do throws(SystemCallError) {
                try spawnThread(name: "signals") {
                    var byte: UInt8 = 0
                    while true {
                        let count = Glibc.read(fd, &byte, 1)
                        if count == 1 { break }
                        if count < 0, errno == EINTR { continue }
                        continuation.resume(returning: .failure(.failed("read signal pipe")))
                        return
                    }
                    continuation.resume(returning: .success(Int32(byte)))
                }
            } catch {
                continuation.resume(returning: .failure(error))
            }
        }
        return try result.get()
    }
}
