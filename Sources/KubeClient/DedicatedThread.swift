#if canImport(Glibc)
import Glibc
#endif

/// Runs blocking work on its own OS thread, off Swift's cooperative pool (which has only as many threads as
/// cores: a blocked list or watch there would starve every task).
enum DedicatedThread {
    /// The closure handed to the new thread.
    private final class Job {
        let body: @Sendable () -> Void
        init(body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// Starts `body` on a new detached thread.
    static func start(_ body: @escaping @Sendable () -> Void) throws(KubeClientError) {
        let job = Unmanaged.passRetained(Job(body: body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { argument in
            guard let argument else { return nil }
            let job = Unmanaged<Job>.fromOpaque(argument).takeRetainedValue()
            job.body()
            return nil
        }, job)
        guard result == 0 else {
            Unmanaged<Job>.fromOpaque(job).release()
            throw .connection("cannot start a thread: \(String(cString: strerror(result)))")
        }
        pthread_detach(thread)
    }
}
