import CSQLite
import Synchronization

/// Stops the statement a cancelled task's block is running on a connection,
/// from the thread that cancels the task.
///
/// Each async access is a ``Job``. While the job's block runs, the job is
/// *armed* on the connection's interrupter; cancelling it then calls
/// `sqlite3_interrupt`, which makes the running statement fail with
/// `SQLITE_INTERRUPT` at its next instruction. `sqlite3_interrupt` alone can
/// miss: called between two statements, SQLite forgets it when the next one
/// starts. So the interrupter also installs a progress handler
/// (`sqlite3_progress_handler`, every 1,000 virtual machine instructions)
/// that stops any statement while the armed job is cancelled.
///
/// Only the block is armed. `BEGIN`, `COMMIT`, `ROLLBACK` and the
/// `query_only` switches around it are never interrupted, so a cancelled
/// access always leaves the connection out of its transaction and usable.
/// Another job queued on the same connection is never disturbed: only the
/// armed job is interrupted.
///
/// See <https://www.sqlite.org/c3ref/interrupt.html> and
/// <https://www.sqlite.org/c3ref/progress_handler.html>.
final class Interrupter: @unchecked Sendable {
    // @unchecked Sendable: `handle` is used from other threads only for
    // sqlite3_interrupt, which SQLite documents as safe to call from any
    // thread while the connection is open (its owner keeps it open); the
    // armed job is behind a lock.

    /// One async access: cancelled once, from any thread.
    final class Job: Sendable {
        private let cancelled = Atomic<Bool>(false)
        /// The interrupter of the connection the job runs on, once it is armed there.
        private let interrupter = LockedValue<Interrupter?>(nil)

        /// True once the task that started the access was cancelled.
        var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

        /// Marks the job cancelled and, if its block is running, interrupts
        /// the running statement.
        func cancel() {
            cancelled.store(true, ordering: .releasing)
            interrupter.withLock { $0 }?.interrupt(self)
        }

        fileprivate func runs(on interrupter: Interrupter) {
            self.interrupter.withLock { $0 = interrupter }
        }
    }

    private let handle: OpaquePointer
    private let armedJob = LockedValue<Job?>(nil)

    /// Installs the progress handler on `connection`. Call ``uninstall()``
    /// before the connection closes.
    init(_ connection: Connection) {
        handle = connection.handle
        sqlite3_progress_handler(
            handle, 1000,
            { context in
                guard let context else { return 0 }
                return Unmanaged<Interrupter>.fromOpaque(context).takeUnretainedValue().shouldStop ? 1 : 0
            },
            Unmanaged.passUnretained(self).toOpaque())
    }

    /// Removes the progress handler.
    func uninstall() {
        sqlite3_progress_handler(handle, 0, nil, nil)
    }

    private var shouldStop: Bool {
        armedJob.withLock { $0?.isCancelled ?? false }
    }

    /// Runs `body` with `job` armed (or simply runs it when `job` is nil).
    func armed<T>(_ job: Job?, _ body: () throws -> T) rethrows -> T {
        guard let job else { return try body() }
        job.runs(on: self)
        armedJob.withLock { $0 = job }
        defer { armedJob.withLock { $0 = nil } }
        return try body()
    }

    /// Interrupts the running statement if `job` is the armed one.
    private func interrupt(_ job: Job) {
        armedJob.withLock { armed in
            // Under the lock: the job cannot be disarmed, and another armed,
            // between this check and the interrupt.
            if armed === job { sqlite3_interrupt(handle) }
        }
    }
}
