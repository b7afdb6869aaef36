// Evidence for scripts/sanitizers/tsan.supp: two threads each add 200,000 times to a plain Int, under
// `Synchronization.Mutex.withLock` (argument `mutex`) or under a pthread mutex (argument `pthread`). Both print the
// exact total, 400000, so the lock excludes; ThreadSanitizer reports a race only for the Mutex, whose Linux
// implementation waits on a raw futex that TSan does not intercept. Run by scripts/sanitizers/tsan-mutex-evidence.sh.
import Glibc
import Synchronization

/// The counter, deliberately not atomic.
final class Counter: @unchecked Sendable { var value = 0 }

let counter = Counter()
let mutex = Mutex(())
nonisolated(unsafe) var pthreadLock = pthread_mutex_t()
let usesPthread = CommandLine.arguments.dropFirst().first == "pthread"

/// One thread's share of the additions.
func addMany() {
    for _ in 0..<200_000 {
        if usesPthread {
            pthread_mutex_lock(&pthreadLock)
            counter.value += 1
            pthread_mutex_unlock(&pthreadLock)
        } else {
            mutex.withLock { _ in counter.value += 1 }
        }
    }
}

pthread_mutex_init(&pthreadLock, nil)
var threads: [pthread_t] = []
for _ in 0..<2 {
    var thread = pthread_t()
    pthread_create(&thread, nil, { _ in addMany(); return nil }, nil)
    threads.append(thread)
}
for thread in threads { pthread_join(thread, nil) }
print("\(usesPthread ? "pthread" : "mutex") total", counter.value)
