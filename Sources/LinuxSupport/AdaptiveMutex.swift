#if canImport(Glibc)
import Glibc
#endif

/// A mutex that spins briefly before sleeping (glibc's `PTHREAD_MUTEX_ADAPTIVE_NP`).
///
/// For critical sections of a few hundred nanoseconds taken by every request on several
/// threads, as the balancer's scheduler state: a default mutex puts a contended thread to
/// sleep with a futex call and a context switch, which costs more than the wait.
public final class AdaptiveMutex<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    /// glibc's value of `PTHREAD_MUTEX_ADAPTIVE_NP` (`<pthread.h>`, only visible with _GNU_SOURCE).
    private static var adaptiveType: Int32 { 3 }

    public init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        pthread_mutexattr_settype(&attributes, Self.adaptiveType)
        pthread_mutex_init(mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the value, holding the lock.
    @inline(__always)
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
