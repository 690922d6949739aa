import SQLiteCore

/// The asynchronous forms of the store's operations. Each runs on one of the
/// database's connections, on that connection's own thread, never blocking
/// the cooperative pool; cancelling the calling task interrupts the running
/// statement and throws `CancellationError`, leaving the connection usable.
extension ProjectStore {
    /// Stores a new project with its themes and contacts, and returns its id.
    ///
    /// The asynchronous form of `create(_:)`, run on the writer, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (nothing is written);
    ///   otherwise the errors of `create(_:)`.
    @discardableResult
    public func create(_ project: Project) async throws -> Project.ID {
        try await database.write { try Self.create(project, in: $0) }
    }

    /// Saves a project found by id (or else by reference), replacing its themes and contacts.
    ///
    /// The asynchronous form of `update(_:)`, run on the writer, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (nothing is written);
    ///   otherwise the errors of `update(_:)`.
    public func update(_ project: Project) async throws {
        try await database.write { try Self.update(project, in: $0) }
    }

    /// Deletes a project with its applications, their status histories, money
    /// figures and participants, and its contacts and themes.
    ///
    /// The asynchronous form of `delete(reference:)`, run on the writer, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (nothing is written);
    ///   otherwise the errors of `delete(reference:)`.
    public func delete(reference: String) async throws {
        try await database.write { try Self.delete(reference: reference, in: $0) }
    }

    /// The project with this reference, or nil.
    ///
    /// The asynchronous form of `fetch(reference:)`, run on a reader, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   otherwise the errors of `fetch(reference:)`.
    public func fetch(reference: String) async throws -> Project? {
        try await database.read { try Self.fetch(where: "p.reference = ?", reference, in: $0) }
    }

    /// The project with this id, or nil.
    ///
    /// The asynchronous form of `fetch(_:)`, run on a reader, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   otherwise the errors of `fetch(_:)`.
    public func fetch(_ id: Project.ID) async throws -> Project? {
        try await database.read { try Self.fetch(where: "p.id = ?", id, in: $0) }
    }

    /// The number of projects.
    ///
    /// The asynchronous form of `count()`, run on a reader, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   otherwise the errors of `count()`.
    public func count() async throws -> Int {
        try await database.read { try Self.count(in: $0) }
    }

    /// The projects that match `query`, one page.
    ///
    /// The asynchronous form of `search(_:)`, run on a reader, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   otherwise the errors of `search(_:)`.
    public func search(_ query: ProjectQuery) async throws -> [ProjectSummary] {
        try await database.read { try Self.search(query, in: $0) }
    }

    /// Calls `body` with each project that matches `query`, reading them one at
    /// a time, so that a large result never sits in memory at once.
    ///
    /// The asynchronous form of `search(_:each:)`, run on a reader, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   otherwise the errors of `search(_:each:)`.
    public func search(_ query: ProjectQuery, each body: @escaping @Sendable (ProjectSummary) throws -> Void) async throws {
        try await database.read { try Self.search(query, each: body, in: $0) }
    }
}
