import SQLiteCore

/// The statistics read from the kept periods (`Migrations/0006_statistics_periods.sql`)
/// instead of replaying every history: the headline and the time series from
/// the daily change tables (a few thousand rows, whatever the number of
/// projects), a breakdown from the periods in force on the date (one range
/// of `statistics_period`).
///
/// Used by ``StatisticsComputation`` when the periods can answer: no project
/// is stale, the reporting currency is EUR (the periods' conversions), and
/// projects without a status are not counted. Each function returns nil
/// when some counted figure could not be converted (the replay reports which)
/// or a sum does not fit 64 bits, and the caller replays.
struct PeriodStatistics {
    let db: Connection
    let date: CalendarDate
    private let currencies: [String: Currency]

    /// The dimensions a breakdown can be read from the periods for.
    static let dimensions: Set<StatisticsDimension> = [.status, .submissionYear, .decisionYear, .fundingSource]

    /// Periods for `options` on `db`, or nil when they cannot answer.
    init?(date: CalendarDate, options: StatisticsOptions, target: Currency, db: Connection) throws {
        guard target.code == "EUR", !options.countsProjectsWithoutApplications,
              !(try StatisticsPeriodRefresh.hasStaleProjects(db))
        else { return nil }
        self.db = db
        self.date = date
        var currencies: [String: Currency] = [:]
        try db.fetchAll(sql: "SELECT code, minor_unit FROM currency") { row in
            (try row[0] as String, try row[1] as Int)
        }.forEach { code, minorUnit in currencies[code] = try? Currency(code: code, minorUnit: minorUnit) }
        self.currencies = currencies
    }

    private var arguments: StatementArguments { StatementArguments([], named: ["as_of": date.sqliteValue]) }

    // MARK: - Headline

    /// The headline counts and money, and the rates used; nil to replay.
    func headline() throws -> (counts: OutcomeCounts, money: MoneyAccumulator, rates: Set<Int64>)? {
        var counts = OutcomeCounts()
        var money = MoneyAccumulator(target: .eur)
        var rates = Set<Int64>()
        let rows = try db.fetchAll(
            sql: """
                SELECT outcome, under_evaluation, kind, currency, rate_id,
                       sum(projects), sum(amount_minor), sum(converted_minor), sum(figures)
                FROM statistics_change WHERE day <= :as_of
                GROUP BY outcome, under_evaluation, kind, currency, rate_id
                """,
            arguments: arguments
        ) { row in
            Aggregate(
                outcome: try row[0], underEvaluation: try row[1], kind: try row[2], currency: try row[3], rateID: try row[4],
                projects: try row[5], amount: try row[6], converted: try row[7], figures: try row[8])
        }
        for row in rows {
            guard let outcome = ProjectOutcome(rawValue: row.outcome) else { return nil }
            if row.kind.isEmpty {
                counts.add(outcome, underEvaluation: row.underEvaluation, projects: Int(row.projects))
            } else if try !add(row, outcome: outcome, to: &money, rates: &rates) {
                return nil
            }
        }
        return (counts, money, rates)
    }

    /// The rates with these ids, in the order ``PortfolioStatistics/ratesUsed`` lists them.
    func exchangeRates(_ ids: Set<Int64>) throws -> [ExchangeRate] {
        try ids.map { id in
            try db.fetchOne(
                sql: "SELECT from_currency, to_currency, numerator, denominator, valid_from, source FROM exchange_rate WHERE id = ?",
                arguments: [id]
            ) { row in
                ExchangeRate(
                    from: try row[0], to: try row[1], numerator: try row[2], denominator: try row[3],
                    validFrom: try row[4], source: try row[5])
            }
        }.compactMap { $0 }
    }

    /// Rows (year, measure, count) of the time series, as ``StatisticsSQL/timeSeries`` gives them.
    func timeSeriesRows() throws -> [(year: Int, measure: String, count: Int)] {
        try db.fetchAll(
            sql: """
                SELECT year, measure, sum(count) FROM statistics_activity_change WHERE day <= :as_of
                GROUP BY year, measure HAVING sum(count) <> 0
                """,
            arguments: arguments
        ) { row in (year: try row[0], measure: try row[1], count: try row[2]) }
    }

    // MARK: - Breakdowns

    /// A breakdown by one of ``dimensions``; nil to replay.
    func breakdown(_ dimension: StatisticsDimension) throws -> StatisticsBreakdown? {
        let column: String
        switch dimension {
        case .status: column = "status"
        case .submissionYear: column = "submitted_year"
        case .decisionYear: column = "decided_year"
        case .fundingSource: column = "funding_source_id"
        case .theme, .country: return nil
        }
        var counts: [SQLiteValue: OutcomeCounts] = [:]
        var money: [SQLiteValue: MoneyAccumulator] = [:]
        var rates = Set<Int64>()
        func inForce(_ table: String) -> String { "\(table)valid_until > :as_of AND \(table)valid_from <= :as_of" }
        try db.fetchAll(
            sql: """
                SELECT \(column), outcome, status = 'under_evaluation', count(*),
                       total_cost_currency, total_cost_rate_id, sum(total_cost_amount), sum(total_cost_converted), sum(total_cost_figures),
                       requested_currency, requested_rate_id, sum(requested_amount), sum(requested_converted), sum(requested_figures),
                       awarded_currency, awarded_rate_id, sum(awarded_amount), sum(awarded_converted), sum(awarded_figures)
                FROM statistics_period WHERE \(inForce(""))
                GROUP BY 1, 2, 3, total_cost_currency, total_cost_rate_id, requested_currency, requested_rate_id,
                         awarded_currency, awarded_rate_id
                """,
            arguments: arguments
        ) { row in
            let key: SQLiteValue = try row[0]
            let outcome = ProjectOutcome(rawValue: try row[1]) ?? .none
            counts[key, default: OutcomeCounts()].add(outcome, underEvaluation: try row[2], projects: try row[3])
            var aggregates: [Aggregate] = []
            for (index, kind) in MoneyFigure.Kind.statistical.enumerated() {
                let base = 4 + 5 * index
                guard let currency: String = try row[base] else { continue }
                aggregates.append(Aggregate(
                    outcome: outcome.rawValue, underEvaluation: false, kind: kind.rawValue, currency: currency,
                    rateID: try row[base + 1], projects: 0, amount: try row[base + 2], converted: try row[base + 3],
                    figures: try row[base + 4]))
            }
            return (key, outcome, aggregates)
        }.forEach { key, outcome, aggregates in
            for aggregate in aggregates {
                guard try add(aggregate, outcome: outcome, to: &money[key, default: MoneyAccumulator(target: .eur)], rates: &rates)
                else { throw Replay() }
            }
        }
        try db.fetchAll(
            sql: """
                SELECT p.\(column), p.outcome, m.kind, m.currency, m.rate_id,
                       sum(m.amount_minor), sum(m.converted_minor), sum(m.figures)
                FROM statistics_period_money m
                JOIN statistics_period p
                  ON p.valid_until = m.valid_until AND p.project_id = m.project_id AND p.valid_from = m.valid_from
                WHERE \(inForce("m."))
                GROUP BY 1, 2, 3, 4, 5
                """,
            arguments: arguments
        ) { row in
            (try row[0] as SQLiteValue, Aggregate(
                outcome: try row[1], underEvaluation: false, kind: try row[2], currency: try row[3], rateID: try row[4],
                projects: 0, amount: try row[5], converted: try row[6], figures: try row[7]))
        }.forEach { key, aggregate in
            let outcome = ProjectOutcome(rawValue: aggregate.outcome) ?? .none
            guard try add(aggregate, outcome: outcome, to: &money[key, default: MoneyAccumulator(target: .eur)], rates: &rates)
            else { throw Replay() }
        }
        return try BreakdownGroups(dimension: dimension, db: db).breakdown(counts: counts, money: money)
    }

    /// Thrown inside a breakdown to give up on the periods and replay.
    struct Replay: Error {}

    // MARK: - Money

    struct Aggregate {
        var outcome: String
        var underEvaluation: Bool
        var kind: String
        var currency: String
        var rateID: Int64
        var projects: Int64
        var amount: Int64
        var converted: Int64
        var figures: Int64
    }

    /// Adds summed figures to `money`; false when they include an unconverted figure.
    private func add(
        _ row: Aggregate, outcome: ProjectOutcome, to money: inout MoneyAccumulator, rates: inout Set<Int64>
    ) throws -> Bool {
        guard row.figures != 0 else { return true }
        guard row.rateID >= 0, let kind = MoneyFigure.Kind(rawValue: row.kind), let currency = currencies[row.currency]
        else { return false }
        if row.rateID > 0 { rates.insert(row.rateID) }
        try money.add(
            outcome: outcome, kind: kind, amount: Money(minorUnits: row.amount, currency: currency),
            converted: Money(minorUnits: row.converted, currency: .eur), figures: Int(row.figures))
        return true
    }
}

extension OutcomeCounts {
    /// Counts `projects` projects with this outcome.
    mutating func add(_ outcome: ProjectOutcome, underEvaluation: Bool, projects: Int) {
        developed += projects
        switch outcome {
        case .approved: approved += projects
        case .rejected: rejected += projects
        case .withdrawn: withdrawn += projects
        case .pending: pending += projects
        case .preparation: inPreparation += projects
        case .none: undetermined += projects
        }
        if underEvaluation { self.underEvaluation += projects }
    }
}
