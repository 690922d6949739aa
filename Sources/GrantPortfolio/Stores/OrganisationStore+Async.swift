import SQLiteCore

/// The asynchronous forms of the store's operations. Each runs on one of the
/// database's connections, on that connection's own thread, never blocking
/// the cooperative pool; cancelling the calling task interrupts the running
/// statement and throws `CancellationError`, leaving the connection usable.
extension OrganisationStore {
    /// Stores a new organisation and returns its id.
    ///
    /// The asynchronous form of `create(_:)`, run on the writer, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (nothing is written);
    ///   otherwise the errors of `create(_:)`.
    @discardableResult
    public func create(_ organisation: Organisation) async throws -> Organisation.ID {
        try await database.write { try Self.create(organisation, in: $0) }
    }

    /// Saves changes to an organisation, found by its id (or else by its handle).
    ///
    /// The asynchronous form of `update(_:)`, run on the writer, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (nothing is written);
    ///   otherwise the errors of `update(_:)`.
    public func update(_ organisation: Organisation) async throws {
        try await database.write { try Self.update(organisation, in: $0) }
    }

    /// Deletes an organisation that nothing refers to any more.
    ///
    /// The asynchronous form of `delete(handle:)`, run on the writer, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (nothing is written);
    ///   otherwise the errors of `delete(handle:)`.
    public func delete(handle: String) async throws {
        try await database.write { try Self.delete(handle: handle, in: $0) }
    }

    /// The organisation with this handle, or nil.
    ///
    /// The asynchronous form of `fetch(handle:)`, run on a reader, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   otherwise the errors of `fetch(handle:)`.
    public func fetch(handle: String) async throws -> Organisation? {
        try await database.read { try Self.fetch(handle: handle, in: $0) }
    }

    /// The organisation with this id, or nil.
    ///
    /// The asynchronous form of `fetch(_:)`, run on a reader, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   otherwise the errors of `fetch(_:)`.
    public func fetch(_ id: Organisation.ID) async throws -> Organisation? {
        try await database.read { try Self.fetch(id, in: $0) }
    }

    /// All organisations, by handle.
    ///
    /// The asynchronous form of `all()`, run on a reader, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   otherwise the errors of `all()`.
    public func all() async throws -> [Organisation] {
        try await database.read { try Self.all(in: $0) }
    }
}
