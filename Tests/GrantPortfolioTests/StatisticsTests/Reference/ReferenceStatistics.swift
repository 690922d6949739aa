import GrantPortfolio
import SQLiteCore

/// The portfolio statistics worked out independently of the library's own
/// engine, by replaying every status history in SQL as of the date: the
/// library's former replay (`StatisticsSQL`, `StatisticsComputation`,
/// `MoneyAccumulator`), kept in the tests as the reference the stored facts
/// must equal (issue 11).
///
/// It reads plain SQL and builds the library's public result types with their
/// public initialisers, so that it depends on nothing the library may rename.
/// Money is converted by the rule of ``ReferenceRates`` (direct, inverse, or
/// through one pivot currency).
///
/// ```swift
/// let expected = try portfolio.database.read { db in
///     try ReferenceStatistics.statistics(db, asOf: .day("2010-01-01"), options: StatisticsOptions())
/// }
/// #expect(try portfolio.statistics(asOf: .day("2010-01-01")) == expected)
/// ```
enum ReferenceStatistics {
    /// The reporting currency is not in the currency table.
    struct UnknownCurrency: Error, CustomStringConvertible {
        var code: String
        var description: String { "unknown reporting currency \(code)" }
    }

    /// The whole statistics as of `date`, with the breakdowns of `options`, in its order.
    static func statistics(_ db: Connection, asOf date: CalendarDate, options: StatisticsOptions) throws -> PortfolioStatistics {
        try statistics(db, asOf: date, options: [options])[0]
    }

    /// The statistics as of `date` for each of `options`, in that order.
    ///
    /// The statements run once per value of
    /// ``StatisticsOptions/countsProjectsWithoutApplications``: what they
    /// return does not depend on the reporting currency, which only the
    /// conversion (in Swift) uses.
    static func statistics(_ db: Connection, asOf date: CalendarDate, options: [StatisticsOptions]) throws
        -> [PortfolioStatistics]
    {
        let rates = try ReferenceRates(db)
        var replays: [Bool: Replay] = [:]
        for countsAll in Set(options.map(\.countsProjectsWithoutApplications)) {
            let wanted = Set(options.filter { $0.countsProjectsWithoutApplications == countsAll }.flatMap(\.breakdowns))
            replays[countsAll] = try Replay(
                db, date: date, countsAll: countsAll, dimensions: StatisticsDimension.allCases.filter(wanted.contains))
        }
        return try options.map { options in
            try replays[options.countsProjectsWithoutApplications]!.statistics(
                options, target: try currency(options.reportingCurrency, db), rates: rates)
        }
    }

    /// One breakdown as of `date` (the options' own breakdowns aside).
    static func breakdown(
        _ db: Connection, by dimension: StatisticsDimension, asOf date: CalendarDate, options: StatisticsOptions
    ) throws -> StatisticsBreakdown {
        let replay = try Replay(
            db, date: date, countsAll: options.countsProjectsWithoutApplications, dimensions: [dimension], headline: false)
        return try replay.breakdown(dimension, target: try currency(options.reportingCurrency, db), rates: try ReferenceRates(db))
    }

    /// The outcome of every project as of `date` (a ``ProjectOutcome`` raw
    /// value), by project id: projects with no status too (as `none`).
    static func outcomes(_ db: Connection, asOf date: CalendarDate) throws -> [Int64: String] {
        let arguments = StatementArguments([], named: ["as_of": date.sqliteValue, "count_all": .integer(1)])
        var outcomes: [Int64: String] = [:]
        for (id, outcome) in try db.fetchAll(sql: ReferenceSQL.outcomes, arguments: arguments, decode: { row in
            (try row[0] as Int64, try row[1] as String)
        }) {
            outcomes[id] = outcome
        }
        return outcomes
    }

    /// The currency with this code, from the currency table.
    static func currency(_ code: String, _ db: Connection) throws -> Currency {
        guard let minorUnit = try db.fetchOne(sql: ReferenceSQL.minorUnit, arguments: [code], decode: { try $0[0] as Int })
        else { throw UnknownCurrency(code: code) }
        return try Currency(code: code, minorUnit: minorUnit)
    }
}

/// What the statements of ``ReferenceSQL`` return as of one date, for one
/// value of `:count_all`, and the statistics made of it for a reporting currency.
private struct Replay {
    let date: CalendarDate
    let countsAll: Bool
    /// The headline counts.
    var counts = OutcomeCounts()
    /// The money figures that count.
    var figures: [Figure] = []
    var timeSeries: [YearActivity] = []
    /// Per dimension, its groups and the money figures of each group.
    var breakdowns: [StatisticsDimension: (groups: [GroupRow], figures: [Figure])] = [:]

    /// One counted money figure.
    struct Figure {
        var outcome: ProjectOutcome
        var project: String
        var application: Application.ID
        var kind: MoneyFigure.Kind
        var amount: Money
        var rateDate: CalendarDate
        var group: String?
    }

    /// One group of a breakdown, from ``ReferenceSQL/breakdownCounts(_:)``.
    struct GroupRow {
        var key: String?, label: String?, depth: Int, parent: String?, counts: OutcomeCounts
    }

    /// Runs the statements: the headline ones unless `headline` is false, and those of `dimensions`.
    init(_ db: Connection, date: CalendarDate, countsAll: Bool, dimensions: [StatisticsDimension], headline: Bool = true) throws {
        self.date = date
        self.countsAll = countsAll
        let arguments = StatementArguments([], named: [
            "as_of": date.sqliteValue,
            "count_all": .integer(countsAll ? 1 : 0),
        ])
        if headline {
            counts = try db.fetchOne(sql: ReferenceSQL.totalCounts, arguments: arguments) { try Self.counts($0, from: 0) }
                ?? OutcomeCounts()
            figures = try Self.figures(db, nil, arguments)
            timeSeries = try Self.timeSeries(db, arguments)
        }
        for dimension in dimensions {
            let groups = try db.fetchAll(sql: ReferenceSQL.breakdownCounts(dimension), arguments: arguments) { row in
                GroupRow(
                    key: try row[0], label: try row[1], depth: (try row[3] as Int?) ?? 0, parent: try row[4],
                    counts: try Self.counts(row, from: 5))
            }
            breakdowns[dimension] = (groups, try Self.figures(db, dimension, arguments))
        }
    }

    /// The statistics in `target`: the headline, then the breakdowns of `options`.
    func statistics(_ options: StatisticsOptions, target: Currency, rates: ReferenceRates) throws -> PortfolioStatistics {
        var used = Set<ExchangeRate>()
        var unconvertible: [UnconvertibleFigure] = []
        var money = ReferenceMoneyAccumulator(target: target)
        for figure in figures {
            let converted = try Self.convert(figure, into: target, rates: rates, used: &used)
            if converted == nil {
                unconvertible.append(UnconvertibleFigure(
                    project: figure.project, application: figure.application, kind: figure.kind,
                    amount: figure.amount, rateDate: figure.rateDate, target: target.code))
            }
            try money.add(outcome: figure.outcome, kind: figure.kind, amount: figure.amount, converted: converted)
        }
        let total = StatisticsGroup(key: nil, label: "all projects", counts: counts, money: money.summaries())
        return PortfolioStatistics(
            asOf: date, reportingCurrency: target, countsProjectsWithoutApplications: countsAll, total: total,
            breakdowns: try options.breakdowns.map { try breakdown($0, target: target, rates: rates) },
            timeSeries: timeSeries, ratesUsed: used.sorted(by: ReferenceRates.rateOrder), unconvertible: unconvertible)
    }

    /// The breakdown by `dimension` in `target`.
    func breakdown(_ dimension: StatisticsDimension, target: Currency, rates: ReferenceRates) throws -> StatisticsBreakdown {
        guard let (groups, figures) = breakdowns[dimension] else { preconditionFailure("\(dimension) was not replayed") }
        var money: [String?: ReferenceMoneyAccumulator] = [:]
        var used = Set<ExchangeRate>()
        for figure in figures {
            let converted = try Self.convert(figure, into: target, rates: rates, used: &used)
            try money[figure.group, default: ReferenceMoneyAccumulator(target: target)].add(
                outcome: figure.outcome, kind: figure.kind, amount: figure.amount, converted: converted)
        }
        return StatisticsBreakdown(dimension: dimension, groups: groups.map { row in
            StatisticsGroup(
                key: row.key, label: row.key == nil ? dimension.unassignedLabel : (row.label ?? row.key ?? ""),
                depth: row.key == nil ? 0 : row.depth, parent: row.parent, counts: row.counts,
                money: (money[row.key] ?? ReferenceMoneyAccumulator(target: target)).summaries())
        })
    }

    /// The figure in `target`, or nil when no rate converts it; the stored rates used go into `used`.
    static func convert(_ figure: Figure, into target: Currency, rates: ReferenceRates, used: inout Set<ExchangeRate>) throws
        -> Money?
    {
        guard let (money, path) = try rates.convert(figure.amount, to: target, on: figure.rateDate) else { return nil }
        used.formUnion(path)
        return money
    }

    // MARK: - Reading

    static func figures(_ db: Connection, _ dimension: StatisticsDimension?, _ arguments: StatementArguments) throws -> [Figure] {
        try db.fetchAll(sql: ReferenceSQL.figures(dimension), arguments: arguments) { row in
            let outcome: String = try row[0]
            let kind: String = try row[3]
            let currency = try Currency(code: try row[5], minorUnit: try row[6])
            return Figure(
                outcome: ProjectOutcome(rawValue: outcome) ?? ProjectOutcome.none, project: try row[1],
                application: try row[2], kind: MoneyFigure.Kind(rawValue: kind) ?? .totalCost,
                amount: Money(minorUnits: try row[4], currency: currency), rateDate: try row[7],
                group: dimension == nil ? nil : try row[8])
        }
    }

    /// The time series from ``ReferenceSQL/timeSeries``' rows (year, measure, count):
    /// every year from the first to the last, gaps filled with zeros.
    static func timeSeries(_ db: Connection, _ arguments: StatementArguments) throws -> [YearActivity] {
        let rows = try db.fetchAll(sql: ReferenceSQL.timeSeries, arguments: arguments) { row in
            (year: try row[0] as Int, measure: try row[1] as String, count: try row[2] as Int)
        }
        guard let first = rows.map(\.year).min(), let last = rows.map(\.year).max() else { return [] }
        var years = (first...last).map { YearActivity(year: $0) }
        for row in rows {
            let index = row.year - first
            switch row.measure {
            case "submitted": years[index].applicationsSubmitted += row.count
            case "approved": years[index].applicationsApproved += row.count
            case "rejected": years[index].applicationsRejected += row.count
            default: years[index].projectsApproved += row.count
            }
        }
        var toDate = 0
        for index in years.indices {
            toDate += years[index].projectsApproved
            years[index].projectsApprovedToDate = toDate
        }
        return years
    }

    /// ``OutcomeCounts`` from the eight columns of ``ReferenceSQL/countColumns`` starting at `offset`.
    static func counts(_ row: SQLiteCore.Row, from offset: Int) throws -> OutcomeCounts {
        OutcomeCounts(
            developed: try row[offset], approved: try row[offset + 1], rejected: try row[offset + 2],
            withdrawn: try row[offset + 3], pending: try row[offset + 4], inPreparation: try row[offset + 5],
            undetermined: try row[offset + 6], underEvaluation: try row[offset + 7])
    }
}
