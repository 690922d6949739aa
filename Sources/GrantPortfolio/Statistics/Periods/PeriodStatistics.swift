import SQLiteCore

/// The statistics read from the kept periods (`Migrations/0006_statistics_periods.sql`)
/// instead of replaying every history: the headline and the time series from
/// the change tables (the months before the date's month, then the periods
/// that started or ended in its month up to the date), a breakdown likewise
/// from the years before the date's year and the periods of its year.
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
        self.currencies = try Lookup.currencies(in: db)
    }

    /// The parameters `sql` uses of `:as_of`, `:current_month` (`YYYY-MM` of
    /// the date), `:first_day` (of its month), `:current_year` and `:new_year`
    /// (its first day).
    private func arguments(for sql: String) -> StatementArguments {
        let text = date.description
        let values: [String: SQLiteValue] = [
            "as_of": .text(text), "current_month": .text(String(text.prefix(7))), "first_day": .text(String(text.prefix(7)) + "-01"),
            "current_year": .integer(Int64(date.year)), "new_year": .text(String(text.prefix(4)) + "-01-01"),
        ]
        return StatementArguments([], named: values.filter { sql.contains(":" + $0.key) })
    }

    /// Rows of `sql`, with the parameters it uses.
    private func rows<Element>(_ sql: String, _ decode: (Row) throws -> Element) throws -> [Element] {
        try db.fetchAll(sql: sql, arguments: arguments(for: sql), decode: decode)
    }

    /// The key figures are summed by.
    private struct SumKey: Hashable {
        var group: SQLiteValue = .null
        var outcome: ProjectOutcome
        var underEvaluation = false
        /// nil for the project count.
        var kind: MoneyFigure.Kind?
        var currency = ""
        var rateID: Int64 = 0
    }

    private struct Sum {
        var projects: Int64 = 0
        var amount: Int64 = 0
        var converted: Int64 = 0
        var figures: Int64 = 0

        /// Adds `sign` × `other`; throws ``Replay`` when a sum would not fit 64 bits.
        mutating func add(_ other: Sum, sign: Int64) throws {
            func checked(_ a: Int64, _ b: Int64) throws -> Int64 {
                let (product, productOverflow) = b.multipliedReportingOverflow(by: sign)
                let (result, overflow) = a.addingReportingOverflow(product)
                if overflow || productOverflow { throw Replay() }
                return result
            }
            projects = try checked(projects, other.projects)
            amount = try checked(amount, other.amount)
            converted = try checked(converted, other.converted)
            figures = try checked(figures, other.figures)
        }
    }

    /// Thrown to give up on the periods and replay, which reports the problem.
    struct Replay: Error {}

    // MARK: - Headline

    /// The headline counts and money, and the rates used; nil to replay.
    ///
    /// The changes of the months before the date's month, plus the periods
    /// that started in its month up to the date, minus those that ended then.
    func headline() throws -> (counts: OutcomeCounts, money: MoneyAccumulator, rates: Set<Int64>)? {
        var sums: [SumKey: Sum] = [:]
        try rows(
            """
                SELECT outcome, under_evaluation, kind, currency, rate_id,
                       sum(projects), sum(amount_minor), sum(converted_minor), sum(figures)
                FROM statistics_change WHERE month < :current_month
                GROUP BY outcome, under_evaluation, kind, currency, rate_id
                """) { row in
            (SumKey(
                outcome: ProjectOutcome(rawValue: try row[0]) ?? .none, underEvaluation: try row[1],
                kind: MoneyFigure.Kind(rawValue: try row[2]), currency: try row[3], rateID: try row[4]),
             Sum(projects: try row[5], amount: try row[6], converted: try row[7], figures: try row[8]))
        }.forEach { try sums[$0.0, default: Sum()].add($0.1, sign: 1) }
        try periodSums(where: { "\($0)valid_from >= :first_day AND \($0)valid_from <= :as_of" }, by: nil, into: &sums, sign: 1)
        try periodSums(where: { "\($0)valid_until >= :first_day AND \($0)valid_until <= :as_of" }, by: nil, into: &sums, sign: -1)

        var counts = OutcomeCounts()
        var money = MoneyAccumulator(target: .eur)
        var rates = Set<Int64>()
        for (key, sum) in sums {
            if key.kind == nil {
                counts.add(key.outcome, underEvaluation: key.underEvaluation, projects: Int(sum.projects))
            } else if try !add(sum, key, to: &money, rates: &rates) {
                return nil
            }
        }
        return (counts, money, rates)
    }

    /// The rates with these ids (a handful: one query for the small table).
    func exchangeRates(_ ids: Set<Int64>) throws -> [ExchangeRate] {
        guard !ids.isEmpty else { return [] }
        return try db.fetchAll(sql: "SELECT \(ExchangeRate.columns), id FROM exchange_rate") { row in
            (try ExchangeRate(row: row), try row[6] as Int64)
        }.filter { ids.contains($0.1) }.map(\.0)
    }

    /// Rows (year, measure, count) of the time series, as ``StatisticsSQL/timeSeries`` gives them:
    /// the months before the date's month, plus the periods that started in it up to the date.
    func timeSeriesRows() throws -> [(year: Int, measure: String, count: Int)] {
        var counts: [String: [Int: Int]] = [:]
        try rows(
            "SELECT year, measure, sum(count) FROM statistics_activity_change WHERE month < :current_month GROUP BY year, measure") { row in (try row[0] as Int, try row[1] as String, try row[2] as Int) }
            .forEach { counts[$0.1, default: [:]][$0.0, default: 0] += $0.2 }
        _ = try rows(
            """
                SELECT valid_from, submitted, submitted_other_years, approved, rejected, projects_approved
                FROM statistics_period WHERE valid_from >= :first_day AND valid_from <= :as_of
                """) { row in
            let year = ProjectTimeline.year(try row[0])
            counts["submitted", default: [:]][year, default: 0] += try row[1] as Int
            let others: String? = try row[2]
            for other in others?.split(separator: " ").compactMap({ Int($0) }) ?? [] {
                counts["submitted", default: [:]][other, default: 0] += 1
            }
            counts["approved", default: [:]][year, default: 0] += try row[3] as Int
            counts["rejected", default: [:]][year, default: 0] += try row[4] as Int
            counts["projects_approved", default: [:]][year, default: 0] += try row[5] as Int
        }
        return counts.flatMap { measure, years in
            years.filter { $0.value != 0 }.map { (year: $0.key, measure: measure, count: $0.value) }
        }
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
        // The years before the date's year, then the periods that started or
        // ended in its year up to the date.
        var sums: [SumKey: Sum] = [:]
        let name = dimension == .fundingSource ? "source" : dimension.rawValue
        try rows(
            """
            SELECT value, outcome, under_evaluation, kind, currency, rate_id,
                   sum(projects), sum(amount_minor), sum(converted_minor), sum(figures)
            FROM statistics_breakdown_change WHERE dimension = '\(name)' AND year < :current_year
            GROUP BY value, outcome, under_evaluation, kind, currency, rate_id
            """
        ) { row in
            let value: SQLiteValue = try row[0]
            return (SumKey(
                group: value == .text("") ? .null : value, outcome: ProjectOutcome(rawValue: try row[1]) ?? .none,
                underEvaluation: try row[2], kind: MoneyFigure.Kind(rawValue: try row[3]), currency: try row[4],
                rateID: try row[5]),
             Sum(projects: try row[6], amount: try row[7], converted: try row[8], figures: try row[9]))
        }.forEach { try sums[$0.0, default: Sum()].add($0.1, sign: 1) }
        try periodSums(where: { "\($0)valid_from >= :new_year AND \($0)valid_from <= :as_of" }, by: column, into: &sums, sign: 1)
        try periodSums(where: { "\($0)valid_until >= :new_year AND \($0)valid_until <= :as_of" }, by: column, into: &sums, sign: -1)
        var counts: [SQLiteValue: OutcomeCounts] = [:]
        var money: [SQLiteValue: MoneyAccumulator] = [:]
        var rates = Set<Int64>()
        for (key, sum) in sums {
            if key.kind == nil {
                counts[key.group, default: OutcomeCounts()].add(
                    key.outcome, underEvaluation: key.underEvaluation, projects: Int(sum.projects))
            } else if try !add(sum, key, to: &money[key.group, default: MoneyAccumulator(target: .eur)], rates: &rates) {
                return nil
            }
        }
        return try BreakdownGroups(dimension: dimension, db: db).breakdown(counts: counts, money: money)
    }

    // MARK: - Summing periods

    /// Adds to `sums`, with `sign`, the projects and money of the periods that
    /// meet `condition` (given the table alias, "" or "p."), per value of `column`.
    ///
    /// The inline money in one statement, grouped with the counts; the money
    /// of split periods in another, from their `statistics_period_money` rows.
    private func periodSums(
        where condition: (String) -> String, by column: String?, into sums: inout [SumKey: Sum], sign: Int64
    ) throws {
        let group = column ?? "NULL"
        try rows(
            """
                SELECT \(group), outcome, status = 'under_evaluation', count(*),
                       total_cost_currency, total_cost_rate_id, sum(total_cost_amount), sum(total_cost_converted), sum(total_cost_figures),
                       requested_currency, requested_rate_id, sum(requested_amount), sum(requested_converted), sum(requested_figures),
                       awarded_currency, awarded_rate_id, sum(awarded_amount), sum(awarded_converted), sum(awarded_figures)
                FROM statistics_period WHERE \(condition(""))
                GROUP BY 1, 2, 3, total_cost_currency, total_cost_rate_id, requested_currency, requested_rate_id,
                         awarded_currency, awarded_rate_id
                """) { row in
            let value: SQLiteValue = try row[0]
            let outcome = ProjectOutcome(rawValue: try row[1]) ?? .none
            var entries = [(SumKey(group: value, outcome: outcome, underEvaluation: try row[2]), Sum(projects: try row[3]))]
            for (index, kind) in MoneyFigure.Kind.statistical.enumerated() {
                let base = 4 + 5 * index
                guard let currency: String = try row[base] else { continue }
                entries.append((
                    SumKey(group: value, outcome: outcome, kind: kind, currency: currency, rateID: try row[base + 1]),
                    Sum(amount: try row[base + 2], converted: try row[base + 3], figures: try row[base + 4])))
            }
            return entries
        }.joined().forEach { try sums[$0.0, default: Sum()].add($0.1, sign: sign) }
        try rows(
            """
                SELECT \(column.map { "p." + $0 } ?? "NULL"), p.outcome, m.kind, m.currency, m.rate_id,
                       sum(m.amount_minor), sum(m.converted_minor), sum(m.figures)
                FROM statistics_period p
                JOIN statistics_period_money m
                  ON m.project_id = p.project_id AND m.valid_from = p.valid_from
                WHERE p.money_split = 1 AND \(condition("p."))
                GROUP BY 1, 2, 3, 4, 5
                """) { row in
            (SumKey(
                group: try row[0], outcome: ProjectOutcome(rawValue: try row[1]) ?? .none,
                kind: MoneyFigure.Kind(rawValue: try row[2]), currency: try row[3], rateID: try row[4]),
             Sum(amount: try row[5], converted: try row[6], figures: try row[7]))
        }.forEach { try sums[$0.0, default: Sum()].add($0.1, sign: sign) }
    }

    // MARK: - Money

    /// Adds summed figures to `money`; false when they include one that could not be converted.
    private func add(_ sum: Sum, _ key: SumKey, to money: inout MoneyAccumulator, rates: inout Set<Int64>) throws -> Bool {
        guard sum.figures != 0 else { return true }
        guard key.rateID >= 0, let kind = key.kind, let currency = currencies[key.currency] else { return false }
        if key.rateID > 0 { rates.insert(key.rateID) }
        try money.add(
            outcome: key.outcome, kind: kind, amount: Money(minorUnits: sum.amount, currency: currency),
            converted: Money(minorUnits: sum.converted, currency: .eur), figures: Int(sum.figures))
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
