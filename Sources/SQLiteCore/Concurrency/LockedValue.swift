import Foundation

/// A value behind a lock: the standard library's `Mutex`, but built on a
/// POSIX mutex (Foundation's `NSLock`).
///
/// Why not `Synchronization.Mutex`: on Linux it locks with the `futex`
/// system call directly, which ThreadSanitizer does not see, so
/// `swift test --sanitize=thread` reports every access it guards as a race
/// (an 8-thread program appending under a `Mutex` gets 6 reports with Swift
/// 6.3.1; the same program under this type gets none). `pthread_mutex_lock`
/// is intercepted by the sanitizer, so a real race stays visible and the
/// guarded ones are no longer reported.
final class LockedValue<Value>: @unchecked Sendable {
    // @unchecked Sendable: `value` is only read or written while `lock` is held.
    private let lock = NSLock()
    private var value: Value

    /// Wraps `value`.
    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with the value, holding the lock. `body` must not call
    /// back into the same instance.
    func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
