import CNetShims
import Glibc

/// The closure a new thread runs, boxed to cross the C boundary.
private final class ThreadBody {
    let run: @Sendable () -> Void

    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
}

/// Starts a detached POSIX thread named `name` (at most 15 characters are kept) running `body`.
package func spawnThread(name: String, _ body: @escaping @Sendable () -> Void) throws(SystemCallError) {
    let box = Unmanaged.passRetained(ThreadBody(body))
    var thread = pthread_t()
    let result = pthread_create(
        &thread,
        nil,
        { argument in
            guard let argument else { return nil }
            let body = Unmanaged<ThreadBody>.fromOpaque(argument).takeRetainedValue()
            body.run()
            return nil
        },
        box.toOpaque()
    )
    guard result == 0 else {
        box.release()
        throw .failed("pthread_create", errno: result)
    }
    _ = cnet_set_thread_name(thread, String(name.prefix(15)))
    pthread_detach(thread)
}
