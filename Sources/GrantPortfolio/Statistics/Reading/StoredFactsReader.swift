import SQLiteCore

/// Reads the stored facts' sums as of a date (`Migrations/0007_statistics_facts.sql`).
///
/// - The headline: the changes of the years before the date's year, of the
///   months of its year before its month, and of the days of its month up to
///   the date: three ranges of `statistics_change`'s primary key.
/// - A breakdown: the changes of the years before the date's year and of the
///   months of its year before its month, plus the periods that started in
///   its month up to the date, minus those that ended then (a range of a
///   covering index).
/// - The time series: the activity of the months before the date's month,
///   plus that of the periods that started in its month up to the date.
///
/// The change tables hold a few thousand rows per year, month or day whatever
/// the number of projects, so a read stays in milliseconds on a million projects.
struct StoredFactsReader {
    let db: Connection
    let date: CalendarDate

    /// The parameters `sql` uses of `:as_of`, `:current_month` (`YYYY-MM` of
    /// the date), `:first_day` (of its month), `:current_year` (`YYYY`) and
    /// `:first_month` (`YYYY-01`).
    private func arguments(for sql: String) -> StatementArguments {
        let text = date.description
        let values: [String: SQLiteValue] = [
            "as_of": .text(text), "current_month": .text(String(text.prefix(7))),
            "first_day": .text(String(text.prefix(7)) + "-01"),
            "current_year": .text(String(text.prefix(4))), "first_month": .text(String(text.prefix(4)) + "-01"),
        ]
        return StatementArguments([], named: values.filter { sql.contains(":" + $0.key) })
    }

    /// Rows of `sql`, with the parameters it uses.
    private func rows<Element>(_ sql: String, _ decode: (Row) throws -> Element) throws -> [Element] {
        try db.fetchAll(sql: sql, arguments: arguments(for: sql), decode: decode)
    }

    /// The sums of the whole portfolio (`dimension` nil) or per group of a dimension.
    ///
    /// - Throws: ``MoneyError/overflow`` when a sum does not fit 64 bits;
    ///   `SQLiteError` when the facts cannot be read.
    func sums(by dimension: StatisticsDimension?) throws -> FactSums {
        var sums = FactSums()
        let changes: [(FactSums.Key, FactSums.Sum)]
        let sumColumns = """
            sum(projects), \(Self.exactSum("amount_minor")), \(Self.exactSum("converted_minor")), sum(figures)
            """
        if let dimension {
            let name = dimension.storage.name
            changes = try rows(
                """
                SELECT value, outcome, under_evaluation, kind, currency, rate_id, \(sumColumns)
                FROM (SELECT * FROM statistics_breakdown_change
                      WHERE dimension = '\(name)' AND granularity = 'year' AND span < :current_year
                      UNION ALL
                      SELECT * FROM statistics_breakdown_change
                      WHERE dimension = '\(name)' AND granularity = 'month' AND span >= :first_month AND span < :current_month)
                GROUP BY value, outcome, under_evaluation, kind, currency, rate_id
                """, Self.change)
        } else {
            changes = try rows(
                """
                SELECT '', outcome, under_evaluation, kind, currency, rate_id, \(sumColumns)
                FROM (SELECT * FROM statistics_change WHERE granularity = 'year' AND span < :current_year
                      UNION ALL
                      SELECT * FROM statistics_change
                      WHERE granularity = 'month' AND span >= :first_month AND span < :current_month
                      UNION ALL
                      SELECT * FROM statistics_change WHERE granularity = 'day' AND span >= :first_day AND span <= :as_of)
                GROUP BY outcome, under_evaluation, kind, currency, rate_id
                """, Self.change)
        }
        for (key, sum) in changes { try sums.add(key, sum) }
        guard dimension != nil else { return sums }
        try periodSums(where: { "\($0)valid_from >= :first_day AND \($0)valid_from <= :as_of" }, by: dimension, into: &sums, sign: 1)
        try periodSums(where: { "\($0)valid_until >= :first_day AND \($0)valid_until <= :as_of" }, by: dimension, into: &sums, sign: -1)
        return sums
    }

    /// A change row: value ('' for none), outcome, under evaluation, kind
    /// ('' for the project count), currency, rate key, and the four sums
    /// (the two of money as ``exactSum(_:)`` gives them).
    private static func change(_ row: Row) throws -> (FactSums.Key, FactSums.Sum) {
        let value: SQLiteValue = try row[0]
        return (
            FactSums.Key(
                group: value == .text("") ? .null : value, outcome: ProjectOutcome(rawValue: try row[1]) ?? .none,
                underEvaluation: try row[2], kind: MoneyFigure.Kind(rawValue: try row[3]), currency: try row[4],
                rateKey: try row[5]),
            FactSums.Sum(
                projects: try row[6], amount: try exactSum(row, 7), converted: try exactSum(row, 9), figures: try row[11]))
    }

    /// The sum of a money column as two columns that cannot overflow:
    /// SQLite's `sum()` fails with a generic error past 64 bits, so each value
    /// is split into its multiples of 2³² and the rest, summed separately (at
    /// most 2³¹ rows each), and put together in Swift (``exactSum(_:_:)``).
    static func exactSum(_ column: String) -> String {
        "sum(\(column) / 4294967296), sum(\(column) % 4294967296)"
    }

    /// The sum that ``exactSum(_:)`` read into the columns at `index` and
    /// `index + 1`; nil when both are NULL (no row).
    ///
    /// - Throws: ``MoneyError/overflow`` when it does not fit 64 bits.
    static func exactSum(_ row: Row, _ index: Int) throws -> Int64 {
        guard let high: Int64 = try row[index], let low: Int64 = try row[index + 1] else { return 0 }
        guard let sum = Int64(exactly: Int128(high) * 4_294_967_296 + Int128(low)) else { throw MoneyError.overflow }
        return sum
    }

    /// Adds the time series' activity as of the date to `sums`: the months
    /// before the date's month, plus the periods that started in it up to the date.
    func addActivity(to sums: inout FactSums) throws {
        for (year, measure, count) in try rows(
            "SELECT year, measure, sum(count) FROM statistics_activity_change WHERE month < :current_month GROUP BY year, measure",
            { (try $0[0] as Int, try $0[1] as String, try $0[2] as Int) })
        {
            sums.addActivity(measure, year: year, count)
        }
        _ = try rows(
            """
            SELECT valid_from, submitted, submitted_other_years, approved, rejected, projects_approved
            FROM statistics_period WHERE valid_from >= :first_day AND valid_from <= :as_of
            """) { row in
            let year = ProjectFacts.year(try row[0])
            sums.addActivity("submitted", year: year, try row[1])
            for other in StatisticsPeriodStore.split(try row[2]).compactMap({ Int($0) }) {
                sums.addActivity("submitted", year: other, 1)
            }
            sums.addActivity("approved", year: year, try row[3])
            sums.addActivity("rejected", year: year, try row[4])
            sums.addActivity("projects_approved", year: year, try row[5])
        }
    }

    /// The groups a period's value in `dimension`'s column stands for.
    private static func groups(_ value: SQLiteValue, _ dimension: StatisticsDimension?) -> [SQLiteValue] {
        switch (dimension, value) {
        case (nil, _), (_, .null): [.null]
        case (.theme?, .text(let list)): StatisticsPeriodStore.split(list).compactMap { Int64($0) }.map { .integer($0) }
        case (.country?, .text(let list)): StatisticsPeriodStore.split(list).map { .text($0) }
        default: [value]
        }
    }

    /// Adds to `sums`, with `sign`, the projects and money of the periods that
    /// meet `condition` (given the table alias, "" or "p."), per group of `dimension`.
    ///
    /// The inline money in one statement, grouped with the counts; the money
    /// of split periods in another, from their `statistics_period_money` rows.
    private func periodSums(
        where condition: (String) -> String, by dimension: StatisticsDimension?, into sums: inout FactSums, sign: Int64
    ) throws {
        let column = dimension?.storage.column
        let money = MoneyFigure.Kind.statistical.map { kind in
            let c = kind.rawValue
            return "\(c)_currency, \(c)_rate_id, \(Self.exactSum(c + "_amount")), \(Self.exactSum(c + "_converted")), sum(\(c)_figures)"
        }.joined(separator: ",\n       ")
        let rows = try rows(
            """
            SELECT \(column ?? "NULL"), outcome, status = 'under_evaluation', count(*),
                   \(money)
            FROM statistics_period WHERE \(condition(""))
            GROUP BY 1, 2, 3, total_cost_currency, total_cost_rate_id, requested_currency, requested_rate_id,
                     awarded_currency, awarded_rate_id
            """) { row in
            let value: SQLiteValue = try row[0]
            let outcome = ProjectOutcome(rawValue: try row[1]) ?? .none
            var entries = [(FactSums.Key(outcome: outcome, underEvaluation: try row[2]), FactSums.Sum(projects: try row[3]))]
            for (index, kind) in MoneyFigure.Kind.statistical.enumerated() {
                let base = 4 + 7 * index
                guard let currency: String = try row[base] else { continue }
                entries.append((
                    FactSums.Key(outcome: outcome, kind: kind, currency: currency, rateKey: try row[base + 1]),
                    FactSums.Sum(
                        amount: try Self.exactSum(row, base + 2), converted: try Self.exactSum(row, base + 4),
                        figures: try row[base + 6])))
            }
            return (value, entries)
        }
        for (value, entries) in rows {
            for group in Self.groups(value, dimension) {
                for (key, sum) in entries {
                    var key = key
                    key.group = group
                    try sums.add(key, sum, sign: sign)
                }
            }
        }
        let split = try self.rows(
            """
            SELECT \(column.map { "p." + $0 } ?? "NULL"), p.outcome, m.kind, m.currency, m.rate_id,
                   \(Self.exactSum("m.amount_minor")), \(Self.exactSum("m.converted_minor")), sum(m.figures)
            FROM statistics_period p
            JOIN statistics_period_money m
              ON m.project_id = p.project_id AND m.valid_from = p.valid_from
            WHERE p.money_split = 1 AND \(condition("p."))
            GROUP BY 1, 2, 3, 4, 5
            """) { row in
            (try row[0] as SQLiteValue,
             FactSums.Key(
                outcome: ProjectOutcome(rawValue: try row[1]) ?? .none, kind: MoneyFigure.Kind(rawValue: try row[2]),
                currency: try row[3], rateKey: try row[4]),
             FactSums.Sum(amount: try Self.exactSum(row, 5), converted: try Self.exactSum(row, 7), figures: try row[9]))
        }
        for (value, key, sum) in split {
            for group in Self.groups(value, dimension) {
                var key = key
                key.group = group
                try sums.add(key, sum, sign: sign)
            }
        }
    }
}
