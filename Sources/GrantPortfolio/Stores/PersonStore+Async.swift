import SQLiteCore

/// The asynchronous forms of the store's operations. Each runs on one of the
/// database's connections, on that connection's own thread, never blocking
/// the cooperative pool; cancelling the calling task interrupts the running
/// statement and throws `CancellationError`, leaving the connection usable.
extension PersonStore {
    /// Stores a new person and returns the id.
    ///
    /// The asynchronous form of `create(_:)`, run on the writer, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (nothing is written);
    ///   otherwise the errors of `create(_:)`.
    @discardableResult
    public func create(_ person: Person) async throws -> Person.ID {
        try await database.write { try Self.create(person, in: $0) }
    }

    /// Saves changes to a person, found by id (or else by handle).
    ///
    /// The asynchronous form of `update(_:)`, run on the writer, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (nothing is written);
    ///   otherwise the errors of `update(_:)`.
    public func update(_ person: Person) async throws {
        try await database.write { try Self.update(person, in: $0) }
    }

    /// Deletes a person who is no project's contact.
    ///
    /// The asynchronous form of `delete(handle:)`, run on the writer, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (nothing is written);
    ///   otherwise the errors of `delete(handle:)`.
    public func delete(handle: String) async throws {
        try await database.write { try Self.delete(handle: handle, in: $0) }
    }

    /// The person with this handle, or nil.
    ///
    /// The asynchronous form of `fetch(handle:)`, run on a reader, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   otherwise the errors of `fetch(handle:)`.
    public func fetch(handle: String) async throws -> Person? {
        try await database.read { try Self.fetch(handle: handle, in: $0) }
    }

    /// All people, by handle.
    ///
    /// The asynchronous form of `all()`, run on a reader, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   otherwise the errors of `all()`.
    public func all() async throws -> [Person] {
        try await database.read { try Self.all(in: $0) }
    }
}
