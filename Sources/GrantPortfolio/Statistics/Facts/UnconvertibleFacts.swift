import SQLiteCore

/// A money figure that no stored rate converts into EUR, with the statistics
/// period of its project during which it counts.
///
/// The stored facts sum such figures under the rate key -1 but do not list
/// them; ``PortfolioStatistics/unconvertible`` lists them one by one. A
/// consumer that reads the facts elsewhere (the central PostgreSQL database
/// of `GrantPortfolioPostgres`) publishes these rows beside the facts, so that
/// the list as of a date is the rows whose period is in force on it, worked
/// out by the same rule (`ProjectFacts`) as the statistics of the file.
public struct UnconvertibleFigurePeriod: Hashable, Sendable {
    /// The project's row id in the file.
    public var projectID: Int64
    /// The first day of the period (`YYYY-MM-DD`).
    public var validFrom: String
    /// The day after its last (`9999-99-99`: still in force).
    public var validUntil: String
    /// The figure, as ``PortfolioStatistics/unconvertible`` lists it with EUR as the reporting currency.
    public var figure: UnconvertibleFigure

    /// Creates a row.
    public init(projectID: Int64, validFrom: String, validUntil: String, figure: UnconvertibleFigure) {
        self.projectID = projectID
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.figure = figure
    }
}

extension Portfolio {
    /// Every money figure that counts in some statistics period and cannot be
    /// converted into EUR, with that period, ordered by project and period.
    ///
    /// Reads the stored periods; the figures of each are those the statistics
    /// list as of any date in it. A stale project's periods are read as
    /// stored: check `StatisticsRefresh.hasStaleProjects(_:)` first.
    ///
    /// - Throws: `SQLiteError` when the file cannot be read.
    public func unconvertibleFigurePeriods() throws -> [UnconvertibleFigurePeriod] {
        try database.read { try UnconvertibleFigurePeriod.all(in: $0) }
    }
}

extension UnconvertibleFigurePeriod {
    /// ``Portfolio/unconvertibleFigurePeriods()`` of the portfolio file open
    /// in `db`, inside the caller's transaction (so that a publisher reads
    /// them in the snapshot it reads the rest of the file in).
    ///
    /// - Throws: `SQLiteError` when the file cannot be read.
    public static func all(in db: Connection) throws -> [UnconvertibleFigurePeriod] {
        try periods(in: db, projects: nil)
    }

    /// The rows of ``all(in:)`` whose project is one of `projects` (row ids),
    /// read through the stored periods' key rather than a scan of them all:
    /// for a publisher that sends only the projects that changed.
    ///
    /// - Throws: `SQLiteError` when the file cannot be read.
    public static func all(in db: Connection, projects: [Int64]) throws -> [UnconvertibleFigurePeriod] {
        try periods(in: db, projects: projects)
    }

    private static func periods(in db: Connection, projects: [Int64]?) throws -> [UnconvertibleFigurePeriod] {
        do {
            // The projects as one bound JSON array, read through `json_each`.
            let scope = projects == nil ? "" : "p.project_id IN (SELECT value FROM json_each(?)) AND "
            let arguments: [SQLiteValue] = projects.map { [.text("[" + $0.map(String.init).joined(separator: ",") + "]")] } ?? []
            let periods = try db.fetchAll(sql: """
                SELECT p.project_id, p.valid_from, p.valid_until, pr.reference
                FROM statistics_period p JOIN project pr ON pr.id = p.project_id
                WHERE \(scope)(p.total_cost_rate_id = -1 OR p.requested_rate_id = -1 OR p.awarded_rate_id = -1
                   OR (p.money_split = 1 AND EXISTS (SELECT 1 FROM statistics_period_money m
                       WHERE m.project_id = p.project_id AND m.valid_from = p.valid_from AND m.rate_id = -1)))
                """, arguments: StatementArguments(arguments)) { (try $0[0] as Int64, try $0[1] as String, try $0[2] as String, try $0[3] as String) }
                // Sorted here, not by SQL: the periods are kept by first day
                // (0011), and the order of a project's would be a lookup per
                // period of the whole table; the matching ones are few.
                .sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            guard !periods.isEmpty else { return [] }
            let conversion = try CurrencyConversion(db: db)
            let statuses = try StatisticsRefresh.statusRules(db)
            var result: [UnconvertibleFigurePeriod] = []
            var cached: (id: Int64, facts: ProjectFacts)?
            for (projectID, validFrom, validUntil, reference) in periods {
                let facts: ProjectFacts
                if let cached, cached.id == projectID {
                    facts = cached.facts
                } else {
                    facts = try StatisticsRefresh.facts(of: projectID, conversion: conversion, statuses: statuses, in: db)
                    cached = (projectID, facts)
                }
                for counted in facts.countedFigures(on: validFrom) where counted.figure.rateID < 0 {
                    guard let currency = conversion.currencies[counted.figure.currency] else { continue }
                    result.append(UnconvertibleFigurePeriod(
                        projectID: projectID, validFrom: validFrom, validUntil: validUntil,
                        figure: UnconvertibleFigure(
                            project: reference, application: Application.ID(counted.applicationID), kind: counted.kind,
                            amount: Money(minorUnits: counted.figure.amount, currency: currency),
                            rateDate: try CalendarDate(counted.figure.rateDate), target: Currency.eur.code)))
                }
            }
            return result
        }
    }
}
