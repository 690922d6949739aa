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
        try Replay(db, date: date, options: options).statistics()
    }

    /// One breakdown as of `date` (the options' own breakdowns aside).
    static func breakdown(
        _ db: Connection, by dimension: StatisticsDimension, asOf date: CalendarDate, options: StatisticsOptions
    ) throws -> StatisticsBreakdown {
        try Replay(db, date: date, options: options).breakdown(dimension)
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
}

/// One replay: the statements of ``ReferenceSQL`` on one connection, as of one date.
private struct Replay {
    let db: Connection
    let date: CalendarDate
    let options: StatisticsOptions
    let target: Currency
    let rates: ReferenceRates
    let arguments: StatementArguments

    init(_ db: Connection, date: CalendarDate, options: StatisticsOptions) throws {
        self.db = db
        self.date = date
        self.options = options
        guard let minorUnit = try db.fetchOne(
            sql: ReferenceSQL.minorUnit, arguments: [options.reportingCurrency], decode: { try $0[0] as Int })
        else { throw ReferenceStatistics.UnknownCurrency(code: options.reportingCurrency) }
        self.target = try Currency(code: options.reportingCurrency, minorUnit: minorUnit)
        self.rates = try ReferenceRates(db)
        self.arguments = StatementArguments([], named: [
            "as_of": date.sqliteValue,
            "count_all": .integer(options.countsProjectsWithoutApplications ? 1 : 0),
        ])
    }

    func statistics() throws -> PortfolioStatistics {
        let counts = try db.fetchOne(sql: ReferenceSQL.totalCounts, arguments: arguments) { try Self.counts($0, from: 0) }
            ?? OutcomeCounts()
        var used = Set<ExchangeRate>()
        var unconvertible: [UnconvertibleFigure] = []
        var money = ReferenceMoneyAccumulator(target: target)
        for figure in try figures(nil) {
            let converted = try convert(figure, rates: &used)
            if converted == nil {
                unconvertible.append(UnconvertibleFigure(
                    project: figure.project, application: figure.application, kind: figure.kind,
                    amount: figure.amount, rateDate: figure.rateDate, target: target.code))
            }
            try money.add(outcome: figure.outcome, kind: figure.kind, amount: figure.amount, converted: converted)
        }
        let total = StatisticsGroup(key: nil, label: "all projects", counts: counts, money: money.summaries())
        return PortfolioStatistics(
            asOf: date, reportingCurrency: target,
            countsProjectsWithoutApplications: options.countsProjectsWithoutApplications, total: total,
            breakdowns: try options.breakdowns.map(breakdown), timeSeries: try timeSeries(),
            ratesUsed: used.sorted(by: ReferenceRates.rateOrder), unconvertible: unconvertible)
    }

    func breakdown(_ dimension: StatisticsDimension) throws -> StatisticsBreakdown {
        struct Row {
            var key: String?, label: String?, depth: Int, parent: String?, counts: OutcomeCounts
        }
        let rows = try db.fetchAll(sql: ReferenceSQL.breakdownCounts(dimension), arguments: arguments) { row in
            Row(key: try row[0], label: try row[1], depth: (try row[3] as Int?) ?? 0, parent: try row[4],
                counts: try Self.counts(row, from: 5))
        }
        var money: [String?: ReferenceMoneyAccumulator] = [:]
        var used = Set<ExchangeRate>()
        for figure in try figures(dimension) {
            let converted = try convert(figure, rates: &used)
            try money[figure.group, default: ReferenceMoneyAccumulator(target: target)].add(
                outcome: figure.outcome, kind: figure.kind, amount: figure.amount, converted: converted)
        }
        let groups = rows.map { row in
            StatisticsGroup(
                key: row.key, label: row.key == nil ? dimension.unassignedLabel : (row.label ?? row.key ?? ""),
                depth: row.key == nil ? 0 : row.depth, parent: row.parent, counts: row.counts,
                money: (money[row.key] ?? ReferenceMoneyAccumulator(target: target)).summaries())
        }
        return StatisticsBreakdown(dimension: dimension, groups: groups)
    }

    func timeSeries() throws -> [YearActivity] {
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

    // MARK: - Money

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

    func figures(_ dimension: StatisticsDimension?) throws -> [Figure] {
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

    /// The figure in the reporting currency, or nil when no rate converts it;
    /// the stored rates used go into `rates`.
    func convert(_ figure: Figure, rates used: inout Set<ExchangeRate>) throws -> Money? {
        guard let (money, path) = try rates.convert(figure.amount, to: target, on: figure.rateDate) else { return nil }
        used.formUnion(path)
        return money
    }

    /// ``OutcomeCounts`` from the eight columns of ``ReferenceSQL/countColumns`` starting at `offset`.
    static func counts(_ row: SQLiteCore.Row, from offset: Int) throws -> OutcomeCounts {
        OutcomeCounts(
            developed: try row[offset], approved: try row[offset + 1], rejected: try row[offset + 2],
            withdrawn: try row[offset + 3], pending: try row[offset + 4], inPreparation: try row[offset + 5],
            undetermined: try row[offset + 6], underEvaluation: try row[offset + 7])
    }
}
