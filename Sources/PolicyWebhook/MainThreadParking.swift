import Dispatch
import Synchronization

/// Runs async work from a synchronous command and parks the main thread until it is done.
///
/// An `AsyncParsableCommand` hands the main thread to `dispatch_main`, which ends it with `pthread_exit`: a
/// forced unwind of its stack, which loads libgcc_s and reads the binary's unwind tables, resident memory a
/// process this small notices. The work runs on the global executor, and the main thread, which is not one of its
/// threads, only waits.
enum MainThreadParking {
    /// Runs `work` as a task and returns (or throws) when it has finished; the calling thread waits meanwhile.
    static func run(_ work: @escaping @Sendable () async throws -> Void) throws {
        let outcome = Mutex<Result<Void, any Error>?>(nil)
        let finished = DispatchSemaphore(value: 0)
        Task {
            let result: Result<Void, any Error>
            do {
                try await work()
                result = .success(())
            } catch {
                result = .failure(error)
            }
            outcome.withLock { $0 = result }
            finished.signal()
        }
        finished.wait()
        try outcome.withLock { $0 }?.get()
    }
}
