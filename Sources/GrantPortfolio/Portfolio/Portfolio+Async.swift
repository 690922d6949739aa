import Foundation
import SQLiteCore

/// The asynchronous forms of the portfolio's own operations: statistics,
/// import and export. Each runs on one of the database's connections, on that
/// connection's own thread, never blocking the cooperative pool; cancelling
/// the calling task interrupts the statement that is running, the caller
/// gets `CancellationError`, and the connection stays usable (a write is
/// rolled back).
extension Portfolio {
    /// The portfolio's figures as of `date`; the asynchronous form of
    /// `statistics(asOf:options:)`, run on a reader.
    ///
    /// ```swift
    /// let statistics = try await portfolio.statistics(asOf: try CalendarDate("2010-01-01"))
    /// ```
    ///
    /// - Throws: `CancellationError` when the task is cancelled; otherwise as
    ///   `statistics(asOf:options:)`.
    public func statistics(
        asOf date: CalendarDate = .today, options: StatisticsOptions = StatisticsOptions()
    ) async throws -> PortfolioStatistics {
        try await database.read { try StatisticsReader(db: $0, date: date, options: options).statistics() }
    }

    /// One breakdown as of `date`; the asynchronous form of
    /// `breakdown(by:asOf:options:)`, run on a reader.
    ///
    /// - Throws: `CancellationError` when the task is cancelled; otherwise as
    ///   `statistics(asOf:options:)`.
    public func breakdown(
        by dimension: StatisticsDimension, asOf date: CalendarDate = .today, options: StatisticsOptions = StatisticsOptions()
    ) async throws -> StatisticsBreakdown {
        try await database.read { try StatisticsReader(db: $0, date: date, options: options).breakdown(dimension) }
    }

    /// Submissions, approvals and rejections per year up to `date`; the
    /// asynchronous form of `timeSeries(asOf:)`, run on a reader.
    ///
    /// - Throws: `CancellationError` when the task is cancelled; otherwise as
    ///   `timeSeries(asOf:)`.
    public func timeSeries(asOf date: CalendarDate = .today) async throws -> [YearActivity] {
        try await database.read { try StatisticsReader(db: $0, date: date, options: StatisticsOptions()).timeSeries() }
    }

    /// Compares the stored statistics facts with those the rules give; the
    /// asynchronous form of `checkStatistics()`, run on a reader.
    ///
    /// - Throws: `CancellationError` when the task is cancelled; otherwise as
    ///   `checkStatistics()`.
    public func checkStatistics() async throws -> [StatisticsDiscrepancy] {
        try await database.read { try StatisticsCheck(db: $0).run() }
    }

    /// Works every project's statistics facts out again; the asynchronous
    /// form of `rebuildStatistics(progress:)`, run on the writer. A
    /// cancelled rebuild is rolled back and leaves the file as it was.
    ///
    /// - Parameter progress: Called now and then, on the writer's thread,
    ///   with the projects done and their number.
    /// - Throws: `CancellationError` when the task is cancelled; otherwise as
    ///   `rebuildStatistics(progress:)`.
    public func rebuildStatistics(progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) async throws {
        try await database.write { try StatisticsRefresh.rebuild($0, progress: progress) }
    }

    /// Brings the statistics facts of every stale project up to date; the
    /// asynchronous form of `refreshStatistics(progress:)`, run on the writer.
    ///
    /// - Parameter progress: Called now and then, on the writer's thread,
    ///   with the projects done and their number.
    /// - Throws: `CancellationError` when the task is cancelled; otherwise as
    ///   `refreshStatistics(progress:)`.
    public func refreshStatistics(progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) async throws {
        try await database.write { try StatisticsRefresh.run($0, progress: progress) }
    }

    /// Loads a whole portfolio document, all or nothing; the asynchronous
    /// form of `importDocument(from:)`, run on the writer.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (nothing is
    ///   imported); ``ImportError`` naming a bad record; `SQLiteError` when
    ///   the file cannot be written.
    @discardableResult
    public func importDocument(from data: Data) async throws -> ImportSummary {
        try await database.write { try PortfolioDocumentImporter.load(data, into: $0) }
    }

    /// The whole portfolio in the portfolio JSON format; the asynchronous
    /// form of `exportDocument()`, read from one snapshot on a reader.
    ///
    /// - Throws: `CancellationError` when the task is cancelled; `SQLiteError`
    ///   when the file cannot be read.
    public func exportDocument() async throws -> Data {
        try await database.read { Data(try Self.exportDocumentText(in: $0).utf8) }
    }

    /// One of the portfolio's spreadsheets as CSV text, with its number of
    /// data rows; the asynchronous form of
    /// ``exportCSV(_:to:byteOrderMark:progress:)``, read on a reader.
    ///
    /// - Parameters:
    ///   - table: Which spreadsheet; see ``CSVTable``.
    ///   - byteOrderMark: Start with U+FEFF.
    ///   - progress: Called after each row, on the reader's thread.
    /// - Throws: `CancellationError` when the task is cancelled; `SQLiteError`
    ///   when the file cannot be read.
    public func exportCSV(
        _ table: CSVTable, byteOrderMark: Bool = false, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) async throws -> (text: String, rows: Int) {
        try await database.read { try Self.exportCSVText(table, byteOrderMark: byteOrderMark, progress: progress, in: $0) }
    }

    /// Reads back a CSV file in the columns of one of the portfolio's
    /// spreadsheets, all or nothing; the asynchronous form of
    /// `importCSV(from:allowRounding:progress:)`, run on the writer.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (nothing is
    ///   changed); ``ImportError`` naming a bad row; `SQLiteError` when the
    ///   file cannot be written.
    @discardableResult
    public func importCSV(
        from data: Data, allowRounding: Bool = false, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) async throws -> CSVImportReport {
        try await database.write { try CSVImporter.load(data, into: $0, allowRounding: allowRounding, progress: progress) }
    }

    /// Imports a 360Giving package; the asynchronous form of
    /// `importThreeSixtyGiving(from:options:progress:)`, run on the writer.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (nothing is
    ///   imported); ``ImportError`` naming an invalid grant; `SQLiteError`
    ///   when the file cannot be written.
    @discardableResult
    public func importThreeSixtyGiving(
        from data: Data, options: ThreeSixtyGivingImportOptions = ThreeSixtyGivingImportOptions(),
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) async throws -> ThreeSixtyGivingImportReport {
        try await database.write { try ThreeSixtyGivingImporter.load(data, into: $0, options: options, progress: progress) }
    }

    /// The 360Giving package as UTF-8 JSON; the asynchronous form of
    /// `exportThreeSixtyGiving(options:)`, read from one snapshot on a reader.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   ``ExportError`` when nothing is approved; `SQLiteError` when the
    ///   file cannot be read.
    public func exportThreeSixtyGiving(options: ThreeSixtyGivingExportOptions = ThreeSixtyGivingExportOptions()) async throws -> Data {
        try await database.read { Data(try Self.exportThreeSixtyGivingText(options: options, progress: nil, in: $0).text.utf8) }
    }

    /// Runs `body` in one write transaction and commits everything it
    /// created together, or nothing when it throws; the asynchronous form of
    /// `batch(_:)`, run on the writer.
    ///
    /// ```swift
    /// try await portfolio.batch { batch in
    ///     for project in projects { try batch.create(project) }
    /// }
    /// ```
    ///
    /// `body` runs on the writer's thread; use the batch only inside it.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (nothing is
    ///   written); otherwise what `body` throws, or the errors of the stores'
    ///   create methods.
    @discardableResult
    public func batch<T: Sendable>(_ body: @escaping @Sendable (PortfolioBatch) throws -> T) async throws -> T {
        try await database.write { try Self.batch(body, in: $0) }
    }
}
