import SQLiteCore

/// The asynchronous forms of the store's operations. Each runs on one of the
/// database's connections, on that connection's own thread, never blocking
/// the cooperative pool; cancelling the calling task interrupts the running
/// statement and throws `CancellationError`, leaving the connection usable.
extension FundingSourceStore {
    /// Stores a new node and returns its id. Its parent must exist.
    ///
    /// The asynchronous form of `create(_:)`, run on the writer, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (nothing is written);
    ///   otherwise the errors of `create(_:)`.
    @discardableResult
    public func create(_ source: FundingSource) async throws -> FundingSource.ID {
        try await database.write { try Self.create(source, in: $0) }
    }

    /// Saves changes to a node, found by id (or else by handle). Moving it
    /// below one of its own descendants is refused as a cycle.
    ///
    /// The asynchronous form of `update(_:)`, run on the writer, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (nothing is written);
    ///   otherwise the errors of `update(_:)`.
    public func update(_ source: FundingSource) async throws {
        try await database.write { try Self.update(source, in: $0) }
    }

    /// Deletes a node with no children and no applications.
    ///
    /// The asynchronous form of `delete(handle:)`, run on the writer, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (nothing is written);
    ///   otherwise the errors of `delete(handle:)`.
    public func delete(handle: String) async throws {
        try await database.write { try Self.delete(handle: handle, in: $0) }
    }

    /// The node with this handle, or nil.
    ///
    /// The asynchronous form of `fetch(handle:)`, run on a reader, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   otherwise the errors of `fetch(handle:)`.
    public func fetch(handle: String) async throws -> FundingSource? {
        try await database.read { try Self.fetch(handle: handle, in: $0) }
    }

    /// All nodes, each after its parent (a root and its subtree, then the next root).
    ///
    /// The asynchronous form of `all()`, run on a reader, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   otherwise the errors of `all()`.
    public func all() async throws -> [FundingSource] {
        try await database.read { try Self.all(in: $0) }
    }

    /// The node and everything below it, each after its parent.
    ///
    /// The asynchronous form of `subtree(of:)`, run on a reader, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   otherwise the errors of `subtree(of:)`.
    public func subtree(of handle: String) async throws -> [FundingSource] {
        try await database.read { try Self.subtree(of: handle, in: $0) }
    }

    /// The path from the root down to the node: `[Norway, Norway Grants, …, the node]`.
    ///
    /// The asynchronous form of `path(to:)`, run on a reader, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   otherwise the errors of `path(to:)`.
    public func path(to handle: String) async throws -> [FundingSource] {
        try await database.read { try Self.path(to: handle, in: $0) }
    }
}
