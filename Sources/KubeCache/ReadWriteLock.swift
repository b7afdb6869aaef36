#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value behind a reader-writer lock: readers share it, a writer has it alone.
///
/// For state read on every review by every event loop and written rarely (interned strings): under a mutex the
/// loops queue behind one another, and with more loops than cores they sleep on it (futex calls on every
/// review). With glibc, writers are preferred, so a steady stream of reviews cannot starve the
/// reflectors.
///
/// Not re-entrant: a thread holding the lock must not take it again (with a writer waiting, a second read lock
/// would deadlock).
package final class ReadWriteLock<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `value` is only touched between lock and unlock of `lock`, shared for reads, alone for writes;
    // shared reads are sound because the value is Sendable. `writeAcquisitions` likewise.
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>
    private var value: Value
    /// How many times the write lock was taken, counted while holding it (the seam that shows a path only reads).
    private var writeAcquisitions = 0

    package init(_ value: Value) {
        self.value = value
        self.lock = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)
        var attributes = pthread_rwlockattr_t()
        pthread_rwlockattr_init(&attributes)
        #if canImport(Glibc)
        pthread_rwlockattr_setkind_np(&attributes, Int32(PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP))
        #endif
        let status = pthread_rwlock_init(self.lock, &attributes)
        pthread_rwlockattr_destroy(&attributes)
        precondition(status == 0, "pthread_rwlock_init failed: \(status)")
    }

    deinit {
        pthread_rwlock_destroy(self.lock)
        self.lock.deallocate()
    }

    /// Runs `body` with shared access (other readers may run at the same time).
    package func withReadLock<Result>(_ body: (borrowing Value) throws -> Result) rethrows -> Result {
        let status = pthread_rwlock_rdlock(self.lock)
        precondition(status == 0, "pthread_rwlock_rdlock failed: \(status)")
        defer { pthread_rwlock_unlock(self.lock) }
        return try body(self.value)
    }

    /// Runs `body` with exclusive access.
    package func withWriteLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        let status = pthread_rwlock_wrlock(self.lock)
        precondition(status == 0, "pthread_rwlock_wrlock failed: \(status)")
        defer { pthread_rwlock_unlock(self.lock) }
        self.writeAcquisitions += 1
        return try body(&self.value)
    }

    /// How many times the write lock has been taken so far.
    package var writeLockAcquisitions: Int {
        let status = pthread_rwlock_rdlock(self.lock)
        precondition(status == 0, "pthread_rwlock_rdlock failed: \(status)")
        defer { pthread_rwlock_unlock(self.lock) }
        return self.writeAcquisitions
    }
}
