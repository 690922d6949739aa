import SQLiteCore

/// Reads the stored facts' sums as of a date (`Migrations/0007_statistics_facts.sql`).
///
/// - The headline: the changes of the years before the date's year, of the
///   months of its year before its month, and of the days of its month up to
///   the date: ranges of `statistics_change`'s primary key. The years are the
///   blocks of 16 years before the date's block, the blocks of 4 years of
///   that before the date's, and the years of that before the date's; the
///   months are the quarters before the date's and the months of that before
///   the date's (``spansBefore``, `Migrations/0009_statistics_change_blocks.sql`).
/// - A breakdown: the same spans of `statistics_breakdown_change`, plus the
///   periods that started in the date's month up to the date, minus those
///   that ended then (a range of a covering index).
/// - The time series: the activity of the months before the date's month,
///   plus that of the periods that started in its month up to the date.
///
/// When fewer days of the month come after the date than up to it, each
/// reads its month from the other end (``readsMonthFromItsEnd``): the changes
/// of the whole month, less those of the days (or periods) after the date. As
/// of the last day of a month, nothing is read day by day or period by period.
///
/// The change tables hold a few thousand rows per year, month or day whatever
/// the number of projects, so a read stays in milliseconds on a million
/// projects; the periods of a month are the part that grows with the
/// portfolio, and reading from the nearer end of the month reads at most half of them.
struct StoredFactsReader {
    let db: Connection
    let date: CalendarDate

    /// True when fewer days of the date's month come after it than up to it:
    /// the month is then read as its whole change rows less the days (or the
    /// periods) after the date, not as the days (or periods) up to it.
    var readsMonthFromItsEnd: Bool {
        CalendarDate.daysIn(month: date.month, year: date.year) - date.day < date.day
    }

    /// The conditions on `granularity` and `span` of the change rows that
    /// make up the years before the date's year and the months of its year
    /// before its month (through its month when `throughTheMonth`), each a
    /// range of the tables' primary keys: at most the 16-year blocks before
    /// the date's, three 4-year blocks, three years, three quarters and three
    /// months.
    func spansBefore(throughTheMonth: Bool) -> [String] {
        [
            "granularity = 'year16' AND span < :year16",
            "granularity = 'year4' AND span >= :year16 AND span < :year4",
            "granularity = 'year' AND span >= :year4 AND span < :current_year",
            "granularity = 'quarter' AND span >= :first_month AND span < :quarter",
            "granularity = 'month' AND span >= :quarter AND span \(throughTheMonth ? "<=" : "<") :current_month",
        ]
    }

    /// The parameters `sql` uses of `:as_of`, `:current_month` (`YYYY-MM` of
    /// the date), `:first_day` and `:last_day` (of its month), `:current_year`
    /// (`YYYY`), `:first_month` (`YYYY-01`), `:quarter` (`YYYY-MM`, the first
    /// month of its quarter), `:year4` and `:year16` (`YYYY`, the first year
    /// of its block of 4 and of 16 years).
    private func arguments(for sql: String) -> StatementArguments {
        let text = date.description
        let lastDay = CalendarDate.daysIn(month: date.month, year: date.year)
        func year(_ year: Int) -> String { String(String(year + 10_000).dropFirst()) }
        let quarter = (date.month - 1) / 3 * 3 + 1
        let values: [String: SQLiteValue] = [
            "quarter": .text(year(date.year) + (quarter < 10 ? "-0" : "-") + String(quarter)),
            "year4": .text(year(date.year - date.year % 4)), "year16": .text(year(date.year - date.year % 16)),
            "as_of": .text(text), "current_month": .text(String(text.prefix(7))),
            "first_day": .text(String(text.prefix(7)) + "-01"),
            "last_day": .text(String(text.prefix(7)) + (lastDay < 10 ? "-0" : "-") + String(lastDay)),
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
        let columns = "outcome, under_evaluation, kind, currency, rate_id, projects, amount_minor, converted_minor, figures"
        let spans = spansBefore(throughTheMonth: readsMonthFromItsEnd)
        if let dimension {
            let name = dimension.storage.name
            try addChanges(
                spans.map {
                    "SELECT value, \(columns) FROM statistics_breakdown_change WHERE dimension = '\(name)' AND \($0)"
                }.joined(separator: "\nUNION ALL\n"), to: &sums)
        } else {
            try addChanges(
                spans.map { "SELECT '', \(columns) FROM statistics_change WHERE \($0)" }.joined(separator: "\nUNION ALL\n"),
                to: &sums)
            // The days of the month up to the date, or those after it taken away.
            try addChanges(
                readsMonthFromItsEnd
                    ? "SELECT '', \(columns) FROM statistics_change WHERE granularity = 'day' AND span > :as_of AND span <= :last_day"
                    : "SELECT '', \(columns) FROM statistics_change WHERE granularity = 'day' AND span >= :first_day AND span <= :as_of",
                to: &sums, sign: readsMonthFromItsEnd ? -1 : 1)
            return sums
        }
        // The periods that started in the month up to the date add their
        // project, those that ended then take it away; read from the month's
        // end, those after the date do the opposite.
        let (range, sign): (String, Int64) = readsMonthFromItsEnd ? ("> :as_of AND ", -1) : (">= :first_day AND ", 1)
        let end = readsMonthFromItsEnd ? " <= :last_day" : " <= :as_of"
        try periodSums(where: { "\($0)valid_from \(range)\($0)valid_from\(end)" }, by: dimension, into: &sums, sign: sign)
        try periodSums(where: { "\($0)valid_until \(range)\($0)valid_until\(end)" }, by: dimension, into: &sums, sign: -sign)
        return sums
    }

    /// Adds to `sums` the change rows of `sql`: value ('' for none), outcome,
    /// under evaluation, kind ('' for the project count), currency, rate key,
    /// projects, amount, converted, figures.
    ///
    /// The rows are added up here as they come, in the order of the table's
    /// primary key, not by a `GROUP BY`, which sorted every row read: a
    /// breakdown reads the rows of every year before the date's (by funding
    /// source some 90,000: 144 funding sources × about 20 keys × 20 years),
    /// and the sort took most of its time. The totals are kept in 128 bits
    /// while they add up, so that only a total that does not fit 64 bits is
    /// an overflow, in whatever order the rows come. The rows are summed by
    /// a key of integers (texts interned as they come, a few of each), read
    /// into ``FactSums/Key`` once per key.
    ///
    /// - Throws: ``MoneyError/overflow`` when a total does not fit 64 bits;
    ///   `SQLiteError` when the rows cannot be read.
    private func addChanges(_ sql: String, to sums: inout FactSums, sign: Int64 = 1) throws {
        // A row's key as integers, cheap to hash: the value (an integer, or
        // the index of an interned text), and the outcome, kind and currency
        // as indexes into short lists, compared as they come (a few each).
        struct Key: Hashable {
            var value: Int64
            /// Bit 0: the value is text; then the indexes of outcome, kind and currency, and under evaluation.
            var packed: UInt64
            var rateKey: Int64
        }
        struct Total {
            var projects: Int128 = 0
            var amount: Int128 = 0
            var converted: Int128 = 0
            var figures: Int128 = 0

            mutating func add(_ projects: Int64, _ amount: Int64, _ converted: Int64, _ figures: Int64) {
                self.projects += Int128(projects)
                self.amount += Int128(amount)
                self.converted += Int128(converted)
                self.figures += Int128(figures)
            }
        }
        var texts: [String] = [], textIndex: [String: Int64] = [:]
        var outcomes: [String] = [], kinds: [String] = [], currencies: [String] = []
        func index(_ text: String, in list: inout [String]) -> UInt64 {
            if let index = list.firstIndex(of: text) { return UInt64(index) }
            list.append(text)
            return UInt64(list.count - 1)
        }
        var totals: [Key: Total] = [:]
        let statement = try db.cachedStatement(sql: sql)
        try statement.bind(arguments: arguments(for: sql))
        defer { statement.reset() }
        while try statement.step() {
            let row = statement.row
            let valueColumn = row.column(0)
            var value: Int64
            var packed: UInt64 = 0
            switch valueColumn.storageClass {
            case .integer: value = valueColumn.int64Value
            case .text:
                let text = valueColumn.stringValue
                if let known = textIndex[text] {
                    value = known
                } else {
                    value = Int64(texts.count)
                    texts.append(text)
                    textIndex[text] = value
                }
                packed = 1
            default: throw valueColumn.mismatch(SQLiteValue.self)
            }
            packed |= index(try row[1], in: &outcomes) << 1 | index(try row[3], in: &kinds) << 17
                | index(try row[4], in: &currencies) << 33 | ((try row[2] as Bool) ? 1 << 63 : 0)
            let projects: Int64 = try row[6], amount: Int64 = try row[7], converted: Int64 = try row[8]
            let figures: Int64 = try row[9]
            totals[Key(value: value, packed: packed, rateKey: try row[5]), default: Total()]
                .add(projects, amount, converted, figures)
        }
        for (key, total) in totals {
            guard let projects = Int64(exactly: total.projects), let amount = Int64(exactly: total.amount),
                  let converted = Int64(exactly: total.converted), let figures = Int64(exactly: total.figures)
            else { throw MoneyError.overflow }
            let value: SQLiteValue = key.packed & 1 == 0 ? .integer(key.value) : .text(texts[Int(key.value)])
            try sums.add(
                FactSums.Key(
                    group: value == .text("") ? .null : value,
                    outcome: ProjectOutcome(rawValue: outcomes[Int(key.packed >> 1 & 0xFFFF)]) ?? .none,
                    underEvaluation: key.packed >> 63 == 1, kind: MoneyFigure.Kind(rawValue: kinds[Int(key.packed >> 17 & 0xFFFF)]),
                    currency: currencies[Int(key.packed >> 33 & 0xFFFF)], rateKey: key.rateKey),
                FactSums.Sum(projects: projects, amount: amount, converted: converted, figures: figures), sign: sign)
        }
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
    /// before the date's month, plus the periods that started in it up to the
    /// date; or, read from the month's end, the months through the date's,
    /// less the periods that start in it after the date.
    func addActivity(to sums: inout FactSums) throws {
        let fromEnd = readsMonthFromItsEnd
        for (year, measure, count) in try rows(
            """
            SELECT year, measure, sum(count) FROM statistics_activity_change
            WHERE month \(fromEnd ? "<=" : "<") :current_month GROUP BY year, measure
            """,
            { (try $0[0] as Int, try $0[1] as String, try $0[2] as Int) })
        {
            sums.addActivity(measure, year: year, count)
        }
        let sign = fromEnd ? -1 : 1
        _ = try rows(
            """
            SELECT valid_from, submitted, submitted_other_years, approved, rejected, projects_approved
            FROM statistics_period WHERE \(fromEnd
                ? "valid_from > :as_of AND valid_from <= :last_day" : "valid_from >= :first_day AND valid_from <= :as_of")
            """) { row in
            let year = ProjectFacts.year(try row[0])
            sums.addActivity("submitted", year: year, sign * (try row[1] as Int))
            for other in StatisticsPeriodStore.split(try row[2]).compactMap({ Int($0) }) {
                sums.addActivity("submitted", year: other, sign)
            }
            sums.addActivity("approved", year: year, sign * (try row[3] as Int))
            sums.addActivity("rejected", year: year, sign * (try row[4] as Int))
            sums.addActivity("projects_approved", year: year, sign * (try row[5] as Int))
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
