import SQLiteCore

/// The asynchronous forms of the store's operations. Each runs on one of the
/// database's connections, on that connection's own thread, never blocking
/// the cooperative pool; cancelling the calling task interrupts the running
/// statement and throws `CancellationError`, leaving the connection usable.
extension ApplicationStore {
    /// Stores a new application with its participants, status history and
    /// money figures, and returns its id.
    ///
    /// The asynchronous form of `create(_:)`, run on the writer, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (nothing is written);
    ///   otherwise the errors of `create(_:)`.
    @discardableResult
    public func create(_ application: Application) async throws -> Application.ID {
        try await database.write { try Self.create(application, in: $0) }
    }

    /// Records that the application entered `status` on `date`.
    ///
    /// The asynchronous form of `recordStatus(_:on:note:for:)`, run on the writer, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (nothing is written);
    ///   otherwise the errors of `recordStatus(_:on:note:for:)`.
    @discardableResult
    public func recordStatus(_ status: StatusCode, on date: CalendarDate, note: String? = nil, for id: Application.ID) async throws -> StatusEvent.ID {
        try await database.write { try Self.recordStatus(status, on: date, note: note, for: id, in: $0) }
    }

    /// Adds a money figure; a later ``MoneyFigure/setOn`` of the same kind
    /// revises the earlier one from that date on.
    ///
    /// The asynchronous form of `addMoneyFigure(_:to:)`, run on the writer, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (nothing is written);
    ///   otherwise the errors of `addMoneyFigure(_:to:)`.
    @discardableResult
    public func addMoneyFigure(_ figure: MoneyFigure, to id: Application.ID) async throws -> MoneyFigure.ID {
        try await database.write { try Self.addMoneyFigure(figure, to: id, in: $0) }
    }

    /// Deletes an application with its history, figures and participants.
    ///
    /// The asynchronous form of `delete(_:)`, run on the writer, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (nothing is written);
    ///   otherwise the errors of `delete(_:)`.
    public func delete(_ id: Application.ID) async throws {
        try await database.write { try Self.delete(id, in: $0) }
    }

    /// The application with its parts, or nil.
    ///
    /// The asynchronous form of `fetch(_:)`, run on a reader, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   otherwise the errors of `fetch(_:)`.
    public func fetch(_ id: Application.ID) async throws -> Application? {
        try await database.read { try Self.fetch(where: "a.id = ?", id, in: $0).first }
    }

    /// A project's applications, oldest submission first.
    ///
    /// The asynchronous form of `applications(ofProject:)`, run on a reader, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   otherwise the errors of `applications(ofProject:)`.
    public func applications(ofProject reference: String) async throws -> [Application] {
        try await database.read { try Self.applications(ofProject: reference, in: $0) }
    }

    /// The application's status on `date`: its latest event dated then or
    /// earlier. Nil when it had none yet.
    ///
    /// The asynchronous form of `status(of:asOf:)`, run on a reader, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   otherwise the errors of `status(of:asOf:)`.
    public func status(of id: Application.ID, asOf date: CalendarDate) async throws -> StatusCode? {
        try await database.read { try Self.status(of: id, asOf: date, in: $0) }
    }

    /// The figure of `kind` in force on `date`: the one set latest, on or before it.
    ///
    /// The asynchronous form of `moneyFigure(_:of:asOf:)`, run on a reader, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   otherwise the errors of `moneyFigure(_:of:asOf:)`.
    public func moneyFigure(_ kind: MoneyFigure.Kind, of id: Application.ID, asOf date: CalendarDate) async throws -> MoneyFigure? {
        try await database.read { try Self.moneyFigure(kind, of: id, asOf: date, in: $0) }
    }
}
