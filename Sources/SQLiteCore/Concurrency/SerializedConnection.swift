import Dispatch

/// One ``Connection`` and the serial dispatch queue that every use of it runs
/// on: the building block of ``DatabaseQueue`` (one of them) and
/// ``DatabasePool`` (a writer and its readers).
///
/// The queue is tagged with its owner's `accessKey`, so the owner can tell
/// that a call comes from inside one of its own blocks and refuse it
/// (``DatabaseAccessError/reentrantAccess(_:path:)``).
final class SerializedConnection: @unchecked Sendable {
    // @unchecked Sendable: `connection` is the only mutable state, and it is
    // touched only by blocks running on `dispatchQueue`, a serial queue, so no
    // two threads ever use it at once. `interrupter` is Sendable itself.
    private let connection: Connection
    private let dispatchQueue: DispatchQueue
    private let interrupter: Interrupter

    /// Opens the connection and tags its queue with `accessKey`.
    init(path: String, configuration: Connection.Configuration, label: String, accessKey: DispatchSpecificKey<Bool>) throws {
        connection = try Connection(path: path, configuration: configuration)
        interrupter = Interrupter(connection)
        dispatchQueue = DispatchQueue(label: label)
        dispatchQueue.setSpecific(key: accessKey, value: true)
    }

    deinit {
        interrupter.uninstall()
    }

    /// Runs `access` now, on the caller's thread, serialised with every other
    /// use of the connection.
    func sync<T>(_ access: DatabaseAccessError.Access, _ body: (Connection) throws -> T) throws -> T {
        try dispatchQueue.sync { try run(access, job: nil, body) }
    }

    /// Runs `access` on the connection's queue; the caller's task is suspended,
    /// not blocked, until it ends.
    ///
    /// Cancelling the task interrupts the block's running statement
    /// (``Interrupter``); the access then rolls back and throws
    /// `CancellationError`. A task cancelled before its block starts gets
    /// `CancellationError` without running it. A block that completes before
    /// the interruption reaches it returns its result.
    func async<T: Sendable>(
        _ access: DatabaseAccessError.Access, _ body: @escaping @Sendable (Connection) throws -> T
    ) async throws -> T {
        let job = Interrupter.Job()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                start(access, job: job, body) { continuation.resume(with: $0) }
            }
        } onCancel: {
            job.cancel()
        }
    }

    /// Starts `access` on the connection's queue and returns at once;
    /// `completion` gets the outcome, on that queue. A `job` cancelled before
    /// the block starts fails with `CancellationError` without running it;
    /// cancelled while it runs, it interrupts its statement.
    ///
    /// Nothing here needs a thread of Swift's cooperative pool, so a
    /// ``DatabasePool`` can start a waiting read from the thread that
    /// releases a reader, and give the reader back in `completion`.
    func start<T: Sendable>(
        _ access: DatabaseAccessError.Access, job: Interrupter.Job, _ body: @escaping @Sendable (Connection) throws -> T,
        completion: @escaping @Sendable (Result<T, any Error>) -> Void
    ) {
        dispatchQueue.async {
            completion(Result { try self.runCancellable(access, job: job, body) })
        }
    }

    private func runCancellable<T>(
        _ access: DatabaseAccessError.Access, job: Interrupter.Job, _ body: (Connection) throws -> T
    ) throws -> T {
        if job.isCancelled { throw CancellationError() }
        do {
            return try run(access, job: job, body)
        } catch {
            // The interrupted statement's SQLITE_INTERRUPT, or whatever the
            // block made of it: the caller asked for cancellation.
            if job.isCancelled { throw CancellationError() }
            throw error
        }
    }

    private func run<T>(
        _ access: DatabaseAccessError.Access, job: Interrupter.Job?, _ body: (Connection) throws -> T
    ) throws -> T {
        switch access {
        case .read:
            return try connection.readOnlyTransaction { db in try interrupter.armed(job) { try body(db) } }
        case .write:
            return try connection.transaction(.immediate) { db in try interrupter.armed(job) { try body(db) } }
        case .connection:
            return try interrupter.armed(job) { try body(connection) }
        }
    }
}
