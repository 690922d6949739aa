import SQLiteCore

/// The asynchronous forms of the store's operations. Each runs on one of the
/// database's connections, on that connection's own thread, never blocking
/// the cooperative pool; cancelling the calling task interrupts the running
/// statement and throws `CancellationError`, leaving the connection usable.
extension StatusStore {
    /// All statuses, in their sort order.
    ///
    /// The asynchronous form of `all()`, run on a reader, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   otherwise the errors of `all()`.
    public func all() async throws -> [Status] {
        try await database.read { try Self.all(in: $0) }
    }

    /// The status with this code, or nil.
    ///
    /// The asynchronous form of `fetch(_:)`, run on a reader, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   otherwise the errors of `fetch(_:)`.
    public func fetch(_ code: StatusCode) async throws -> Status? {
        try await database.read { try Self.fetch(code, in: $0) }
    }

    /// The allowed transitions, as (from, to) pairs.
    ///
    /// The asynchronous form of `transitions()`, run on a reader, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   otherwise the errors of `transitions()`.
    public func transitions() async throws -> [(from: StatusCode, to: StatusCode)] {
        try await database.read { try Self.transitions(in: $0) }
    }

    /// Adds a status to the vocabulary.
    ///
    /// The asynchronous form of `add(_:)`, run on the writer, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (nothing is written);
    ///   otherwise the errors of `add(_:)`.
    public func add(_ status: Status) async throws {
        try await database.write { try Self.add(status, in: $0) }
    }

    /// Allows applications to move from one status to another.
    ///
    /// The asynchronous form of `allowTransition(from:to:note:)`, run on the writer, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (nothing is written);
    ///   otherwise the errors of `allowTransition(from:to:note:)`.
    public func allowTransition(from: StatusCode, to: StatusCode, note: String? = nil) async throws {
        try await database.write { try Self.allowTransition(from: from, to: to, note: note, in: $0) }
    }
}
