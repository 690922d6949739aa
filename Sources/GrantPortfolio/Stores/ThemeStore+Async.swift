import SQLiteCore

/// The asynchronous forms of the store's operations. Each runs on one of the
/// database's connections, on that connection's own thread, never blocking
/// the cooperative pool; cancelling the calling task interrupts the running
/// statement and throws `CancellationError`, leaving the connection usable.
extension ThemeStore {
    /// Stores a new theme and returns its id.
    ///
    /// The asynchronous form of `create(_:)`, run on the writer, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (nothing is written);
    ///   otherwise the errors of `create(_:)`.
    @discardableResult
    public func create(_ theme: Theme) async throws -> Theme.ID {
        try await database.write { try Self.create(theme, in: $0) }
    }

    /// Deletes a theme no project has.
    ///
    /// The asynchronous form of `delete(_:)`, run on the writer, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (nothing is written);
    ///   otherwise the errors of `delete(_:)`.
    public func delete(_ key: Theme.Key) async throws {
        try await database.write { try Self.delete(key, in: $0) }
    }

    /// The theme with this key, or nil.
    ///
    /// The asynchronous form of `fetch(_:)`, run on a reader, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   otherwise the errors of `fetch(_:)`.
    public func fetch(_ key: Theme.Key) async throws -> Theme? {
        try await database.read { try Self.fetch(key, in: $0) }
    }

    /// All themes, by vocabulary and code.
    ///
    /// The asynchronous form of `all()`, run on a reader, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   otherwise the errors of `all()`.
    public func all() async throws -> [Theme] {
        try await database.read { try Self.all(in: $0) }
    }
}
