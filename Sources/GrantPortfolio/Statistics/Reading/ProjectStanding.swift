import SQLiteCore

/// One project as the statistics see it on a date: its outcome, the status
/// and funding source of its deciding application, and its approved budget.
///
/// The same rules as ``PortfolioStatistics`` (the library's `ProjectFacts`), applied to
/// one project at a time, so that a report's project table agrees with its
/// headline: the approved budgets of the approved projects add up to
/// ``StatisticsGroup/approvedBudget``.
///
/// ```swift
/// for standing in try portfolio.projectStandings(asOf: try CalendarDate("2013-12-31")) {
///     print(standing.reference, standing.outcome, standing.status ?? "–", standing.approvedBudget?.description ?? "")
/// }
/// ```
public struct ProjectStanding: Hashable, Sendable {
    /// The project's reference.
    public var reference: String
    /// Its outcome on the date (`none` when it has no status yet).
    public var outcome: ProjectOutcome
    /// The status of its deciding application on the date; nil without one.
    public var status: StatusCode?
    /// The deciding application; nil without one.
    public var decidingApplication: Application.ID?
    /// The funding source (a handle) of the deciding application; nil without one.
    public var fundingSource: String?
    /// For an approved project, the converted sum (EUR) of the latest total
    /// cost of its applications that reached approval; nil otherwise.
    public var approvedBudget: Money?
    /// For an approved project, per currency, the total cost that has no
    /// stored rate into EUR (not in ``approvedBudget``).
    public var unconvertedBudget: [Money]

    /// Creates a standing (normally made by `Portfolio.projectStandings(asOf:)`).
    public init(
        reference: String, outcome: ProjectOutcome, status: StatusCode? = nil, decidingApplication: Application.ID? = nil,
        fundingSource: String? = nil, approvedBudget: Money? = nil, unconvertedBudget: [Money] = []
    ) {
        self.reference = reference
        self.outcome = outcome
        self.status = status
        self.decidingApplication = decidingApplication
        self.fundingSource = fundingSource
        self.approvedBudget = approvedBudget
        self.unconvertedBudget = unconvertedBudget
    }
}

extension Portfolio {
    /// Every project's standing on `date` (default: today), by reference, in
    /// one transaction.
    ///
    /// Each project's rules are worked out from its histories in memory, so
    /// this is meant for reports on a portfolio of a few thousand projects,
    /// not for a million (the statistics read stored sums instead).
    ///
    /// - Throws: ``MoneyError/overflow`` when a project's money does not fit
    ///   64 bits; `SQLiteError` when the file cannot be read.
    public func projectStandings(asOf date: CalendarDate = .today) throws -> [ProjectStanding] {
        try database.read { try Self.projectStandings(in: $0, asOf: date) }
    }

    /// Every project's standing on `date`; the asynchronous form of
    /// `projectStandings(asOf:)`, run on a reader.
    ///
    /// - Throws: `CancellationError` when the task is cancelled; otherwise as
    ///   `projectStandings(asOf:)`.
    public func projectStandings(asOf date: CalendarDate = .today) async throws -> [ProjectStanding] {
        try await database.read { try Self.projectStandings(in: $0, asOf: date) }
    }

    /// The standings, in the caller's transaction.
    static func projectStandings(in db: Connection, asOf date: CalendarDate) throws -> [ProjectStanding] {
        let conversion = try CurrencyConversion(db: db)
        let statuses = try StatisticsRefresh.statusRules(db)
        var sources: [Int64: String] = [:]
        let handles = try db.fetchAll(sql: "SELECT id, handle FROM funding_source") { row in
            (try row[0] as Int64, try row[1] as String)
        }
        for (id, handle) in handles { sources[id] = handle }
        var currencies: [String: Currency] = [:]
        let units = try db.fetchAll(sql: "SELECT code, minor_unit FROM currency") { row in
            (try row[0] as String, try row[1] as Int)
        }
        for (code, minorUnit) in units { currencies[code] = try? Currency(code: code, minorUnit: minorUnit) }
        let projects = try db.fetchAll(sql: "SELECT id, reference FROM project ORDER BY reference") { row in
            (try row[0] as Int64, try row[1] as String)
        }
        let day = date.description
        return try projects.map { id, reference in
            let facts = try StatisticsRefresh.facts(of: id, conversion: conversion, statuses: statuses, in: db)
            guard let state = try facts.state(on: day) else {
                return ProjectStanding(reference: reference, outcome: ProjectOutcome.none)
            }
            var budget: Money?
            var unconverted: [Money] = []
            if state.outcome == .approved {
                var cents: Int64 = 0
                var byCurrency: [String: Int64] = [:]
                for (key, sum) in state.money where key.kind == .totalCost {
                    if key.rateID == -1 {
                        let (total, overflow) = byCurrency[key.currency, default: 0].addingReportingOverflow(sum.amount)
                        if overflow { throw MoneyError.overflow }
                        byCurrency[key.currency] = total
                    } else {
                        let (total, overflow) = cents.addingReportingOverflow(sum.converted)
                        if overflow { throw MoneyError.overflow }
                        cents = total
                    }
                }
                budget = Money(minorUnits: cents, currency: .eur)
                unconverted = byCurrency.sorted { $0.key < $1.key }.compactMap { code, amount in
                    currencies[code].map { Money(minorUnits: amount, currency: $0) }
                }
            }
            return ProjectStanding(
                reference: reference, outcome: state.outcome, status: StatusCode(state.status),
                decidingApplication: Application.ID(state.applicationID), fundingSource: sources[state.fundingSourceID],
                approvedBudget: budget, unconvertedBudget: unconverted)
        }
    }
}
