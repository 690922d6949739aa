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
///   periods that started in the date's month up to the date (a range of
///   `statistics_period`, kept in the order of its first day since
///   `Migrations/0011_statistics_period_by_date.sql`), minus those that ended
///   then (a range of the covering index `statistics_period_end`).
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
        guard let dimension else { return try headlineSums() }
        return try sums(by: [dimension])[dimension] ?? FactSums()
    }

    /// The sums of the whole portfolio: the change rows of the spans before
    /// the date's month, and the days of its month up to the date (or the
    /// whole month less the days after it).
    private func headlineSums() throws -> FactSums {
        var sums = FactSums()
        let spans = spansBefore(throughTheMonth: readsMonthFromItsEnd)
        try addChanges(
            spans.map { "SELECT '', \(Self.changeColumns) FROM statistics_change WHERE \($0)" }.joined(separator: "\nUNION ALL\n"),
            to: &sums)
        try addChanges(
            readsMonthFromItsEnd
                ? "SELECT '', \(Self.changeColumns) FROM statistics_change WHERE granularity = 'day' AND span > :as_of AND span <= :last_day"
                : "SELECT '', \(Self.changeColumns) FROM statistics_change WHERE granularity = 'day' AND span >= :first_day AND span <= :as_of",
            to: &sums, sign: readsMonthFromItsEnd ? -1 : 1)
        return sums
    }

    /// The sums per group of each of `dimensions`: the change rows of each
    /// before the date's month, and the periods of its month, read once for
    /// all of them (``addPeriods(to:activity:)``).
    ///
    /// - Throws: ``MoneyError/overflow`` when a sum does not fit 64 bits;
    ///   `SQLiteError` when the facts cannot be read.
    func sums(by dimensions: [StatisticsDimension]) throws -> [StatisticsDimension: FactSums] {
        var activity: FactSums?
        return try sums(by: dimensions, activity: &activity)
    }

    /// ``sums(by:)``, and when `activity` is not nil, the time series'
    /// activity added to it (as ``addActivity(to:)`` does), its periods read
    /// in the same pass.
    ///
    /// - Throws: ``MoneyError/overflow`` when a sum does not fit 64 bits;
    ///   `SQLiteError` when the facts cannot be read.
    func sums(
        by dimensions: [StatisticsDimension], activity: inout FactSums?
    ) throws -> [StatisticsDimension: FactSums] {
        var result: [StatisticsDimension: FactSums] = [:]
        let spans = spansBefore(throughTheMonth: readsMonthFromItsEnd)
        for dimension in dimensions where result[dimension] == nil {
            var sums = FactSums()
            try addChanges(
                spans.map {
                    "SELECT value, \(Self.changeColumns) FROM statistics_breakdown_change WHERE dimension = '\(dimension.storage.name)' AND \($0)"
                }.joined(separator: "\nUNION ALL\n"), to: &sums)
            result[dimension] = sums
        }
        if dimensions.isEmpty {
            if activity != nil { try addActivity(to: &activity!) }
        } else {
            if activity != nil { try addActivityChanges(to: &activity!) }
            try addPeriods(to: &result, activity: &activity)
        }
        return result
    }

    /// The columns of a change row that ``addChanges(_:to:sign:)`` reads after the value.
    private static let changeColumns =
        "outcome, under_evaluation, kind, currency, rate_id, projects, amount_minor, converted_minor, figures"

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
        var texts: [String] = [], textIndex: [String: Int64] = [:]
        var outcomes: [String] = [], kinds: [String] = [], currencies: [String] = []
        func index(_ text: String, in list: inout [String]) -> UInt64 {
            if let index = list.firstIndex(of: text) { return UInt64(index) }
            list.append(text)
            return UInt64(list.count - 1)
        }
        var totals: [Key: ExactSum] = [:]
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
            totals[Key(value: value, packed: packed, rateKey: try row[5]), default: ExactSum()]
                .add(Int128(projects), Int128(amount), Int128(converted), Int128(figures))
        }
        for (key, total) in totals {
            let value: SQLiteValue = key.packed & 1 == 0 ? .integer(key.value) : .text(texts[Int(key.value)])
            try sums.add(
                FactSums.Key(
                    group: value == .text("") ? .null : value,
                    outcome: ProjectOutcome(rawValue: outcomes[Int(key.packed >> 1 & 0xFFFF)]) ?? .none,
                    underEvaluation: key.packed >> 63 == 1, kind: MoneyFigure.Kind(rawValue: kinds[Int(key.packed >> 17 & 0xFFFF)]),
                    currency: currencies[Int(key.packed >> 33 & 0xFFFF)], rateKey: key.rateKey),
                try total.sum(), sign: sign)
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
        try addActivityChanges(to: &sums)
        let sign = readsMonthFromItsEnd ? -1 : 1
        try each(
            """
            SELECT valid_from, submitted, submitted_other_years, approved, rejected, projects_approved
            FROM statistics_period p WHERE \(periodCondition("valid_from"))
            """) { row in
            try Self.addActivity(of: row, at: 0, sign: sign, to: &sums)
        }
    }

    /// The activity of the months before the date's month (through it, read from its end).
    private func addActivityChanges(to sums: inout FactSums) throws {
        for (year, measure, count) in try rows(
            """
            SELECT year, measure, sum(count) FROM statistics_activity_change
            WHERE month \(readsMonthFromItsEnd ? "<=" : "<") :current_month GROUP BY year, measure
            """,
            { (try $0[0] as Int, try $0[1] as String, try $0[2] as Int) })
        {
            sums.addActivity(measure, year: year, count)
        }
    }

    /// Adds, with `sign`, the activity of a period's row whose columns from
    /// `index` are valid_from, submitted, submitted_other_years, approved,
    /// rejected and projects_approved.
    private static func addActivity(of row: Row, at index: Int, sign: Int, to sums: inout FactSums) throws {
        let year = ProjectFacts.year(try row[index])
        sums.addActivity("submitted", year: year, sign * (try row[index + 1] as Int))
        for other in StatisticsPeriodStore.split(try row[index + 2]).compactMap({ Int($0) }) {
            sums.addActivity("submitted", year: other, sign)
        }
        sums.addActivity("approved", year: year, sign * (try row[index + 3] as Int))
        sums.addActivity("rejected", year: year, sign * (try row[index + 4] as Int))
        sums.addActivity("projects_approved", year: year, sign * (try row[index + 5] as Int))
    }

    /// The periods of the date's month whose `column` (`valid_from` or
    /// `valid_until`, of `statistics_period p`) falls up to the date, or,
    /// read from the month's end, after it.
    private func periodCondition(_ column: String) -> String {
        readsMonthFromItsEnd
            ? "p.\(column) > :as_of AND p.\(column) <= :last_day" : "p.\(column) >= :first_day AND p.\(column) <= :as_of"
    }

    /// Adds to each breakdown in `sums` the periods of the date's month: those
    /// that started in it up to the date add their project and money, those
    /// that ended then take them away; read from the month's end, those after
    /// the date do the opposite.
    ///
    /// The periods are read once, whatever the number of breakdowns, and
    /// summed here by integer keys (as ``addChanges(_:to:sign:)`` does): on a
    /// million projects a month holds some 40,000 period starts and ends, and
    /// a `GROUP BY` per breakdown sorted them again for each. The inline money
    /// comes with the periods; the money of split periods from their
    /// `statistics_period_money` rows.
    ///
    /// - Throws: ``MoneyError/overflow`` when a total does not fit 64 bits;
    ///   `SQLiteError` when the periods cannot be read.
    private func addPeriods(to sums: inout [StatisticsDimension: FactSums], activity: inout FactSums?) throws {
        let dimensions = StatisticsDimension.allCases.filter { sums[$0] != nil }
        guard !dimensions.isEmpty else { return }
        let condition = periodCondition
        // +1 for a start, -1 for an end; the other way round from the month's end.
        let start: Int64 = readsMonthFromItsEnd ? -1 : 1
        // The time series' columns, on the starts only.
        let activityColumns = activity == nil
            ? "" : ", p.valid_from, p.submitted, p.submitted_other_years, p.approved, p.rejected, p.projects_approved"
        let noActivity = activity == nil ? "" : ", NULL, 0, NULL, 0, 0, 0"
        let inline = MoneyFigure.Kind.statistical.map { kind in
            let c = "p." + kind.rawValue
            return "\(c)_currency, \(c)_rate_id, \(c)_amount, \(c)_converted, \(c)_figures"
        }.joined(separator: ", ")
        // The columns of the breakdowns' values, from index 3 on.
        let columns = dimensions.map { "p." + $0.storage.column }.joined(separator: ", ")
        let periods = """
            SELECT \(start), p.outcome, p.status = 'under_evaluation', \(columns), \(inline)\(activityColumns)
            FROM statistics_period p WHERE \(condition("valid_from"))
            UNION ALL
            SELECT \(-start), p.outcome, p.status = 'under_evaluation', \(columns), \(inline)\(noActivity)
            FROM statistics_period p WHERE \(condition("valid_until"))
            """
        let split = """
            SELECT \(start), p.outcome, 0, \(columns), m.kind, m.currency, m.rate_id, m.amount_minor, m.converted_minor, m.figures
            FROM statistics_period p
            JOIN statistics_period_money m ON m.project_id = p.project_id AND m.valid_from = p.valid_from
            WHERE p.money_split = 1 AND \(condition("valid_from"))
            UNION ALL
            SELECT \(-start), p.outcome, 0, \(columns), m.kind, m.currency, m.rate_id, m.amount_minor, m.converted_minor, m.figures
            FROM statistics_period p
            JOIN statistics_period_money m ON m.project_id = p.project_id AND m.valid_from = p.valid_from
            WHERE p.money_split = 1 AND \(condition("valid_until"))
            """
        var totals = PeriodTotals(dimensions: dimensions)
        let first = 3 + dimensions.count  // the first money column
        var values: [(index: Int, group: SQLiteValue)] = []  // a row's groups, the buffer kept from row to row
        try each(periods) { row in
            let sign: Int64 = try row[0]
            let outcome = totals.index(outcome: try row[1])
            try totals.values(row, into: &values)
            totals.add(values, outcome: outcome, underEvaluation: try row[2], kind: nil, currency: 0, rateKey: 0,
                       projects: sign, amount: 0, converted: 0, figures: 0)
            for (index, kind) in MoneyFigure.Kind.statistical.enumerated() {
                let base = first + 5 * index
                guard let currency: String = try row[base] else { continue }
                let figures: Int64 = try row[base + 4], amount: Int64 = try row[base + 2]
                let converted: Int64 = try row[base + 3]
                totals.add(values, outcome: outcome, underEvaluation: false, kind: kind, currency: totals.index(currency: currency),
                           rateKey: try row[base + 1], projects: 0, amount: Int128(sign) * Int128(amount),
                           converted: Int128(sign) * Int128(converted), figures: Int128(sign) * Int128(figures))
            }
            if sign == start, activity != nil {
                try Self.addActivity(of: row, at: first + 15, sign: Int(sign), to: &activity!)
            }
        }
        try each(split) { row in
            let sign: Int64 = try row[0]
            let outcome = totals.index(outcome: try row[1])
            try totals.values(row, into: &values)
            let amount: Int64 = try row[first + 3], converted: Int64 = try row[first + 4], figures: Int64 = try row[first + 5]
            totals.add(values, outcome: outcome, underEvaluation: false, kind: MoneyFigure.Kind(rawValue: try row[first]),
                       currency: totals.index(currency: try row[first + 1]), rateKey: try row[first + 2], projects: 0,
                       amount: Int128(sign) * Int128(amount), converted: Int128(sign) * Int128(converted), figures: Int128(sign) * Int128(figures))
        }
        try totals.add(to: &sums)
    }

    /// Steps through the rows of `sql`, with the parameters it uses.
    private func each(_ sql: String, _ body: (Row) throws -> Void) throws {
        let statement = try db.cachedStatement(sql: sql)
        try statement.bind(arguments: arguments(for: sql))
        defer { statement.reset() }
        while try statement.step() { try body(statement.row) }
    }
}

/// The periods' contributions per breakdown, summed in 128 bits by keys of
/// integers while the rows come (``StoredFactsReader``'s period reading).
private struct PeriodTotals {
    struct Key: Hashable {
        var group: SQLiteValue
        /// outcome index, under evaluation, kind (0: the count), currency index
        var packed: UInt64
        var rateKey: Int64
    }

    let dimensions: [StatisticsDimension]
    /// Per breakdown, in the order of ``dimensions``.
    private var totals: [[Key: ExactSum]]
    private var outcomes: [String] = []
    private var currencies: [String] = []
    private static let kinds: [MoneyFigure.Kind?] = [nil] + MoneyFigure.Kind.statistical

    init(dimensions: [StatisticsDimension]) {
        self.dimensions = dimensions
        totals = Array(repeating: [:], count: dimensions.count)
    }

    mutating func index(outcome: String) -> UInt64 { Self.index(outcome, in: &outcomes) }
    mutating func index(currency: String) -> UInt64 { Self.index(currency, in: &currencies) }

    private static func index(_ text: String, in list: inout [String]) -> UInt64 {
        if let index = list.firstIndex(of: text) { return UInt64(index) }
        list.append(text)
        return UInt64(list.count - 1)
    }

    /// The groups of a period's row (its breakdowns' columns from index 3),
    /// into `values` (emptied first): each with the index of its breakdown in ``dimensions``. NULL is the
    /// unassigned group; themes and countries are space-separated lists,
    /// a group for each (``StatisticsDimension/groupValues(of:)`` for a period's state).
    func values(_ row: Row, into values: inout [(index: Int, group: SQLiteValue)]) throws {
        values.removeAll(keepingCapacity: true)
        for (index, dimension) in dimensions.enumerated() {
            let value: SQLiteValue = try row[3 + index]
            switch (dimension, value) {
            case (.theme, .text(let list)), (.country, .text(let list)):
                for item in list.utf8.split(separator: UInt8(ascii: " ")) {
                    let text = String(decoding: item, as: UTF8.self)
                    if dimension == .country {
                        values.append((index, .text(text)))
                    } else if let id = Int64(text) {
                        values.append((index, .integer(id)))
                    }
                }
            default: values.append((index, value))
            }
        }
    }

    mutating func add(
        _ values: [(index: Int, group: SQLiteValue)], outcome: UInt64, underEvaluation: Bool, kind: MoneyFigure.Kind?,
        currency: UInt64, rateKey: Int64, projects: Int64, amount: Int128, converted: Int128, figures: Int128
    ) {
        let kindIndex = UInt64(Self.kinds.firstIndex(of: kind) ?? 0)
        let packed = outcome | (underEvaluation ? 1 << 16 : 0) | kindIndex << 17 | currency << 20
        for (index, group) in values {
            totals[index][Key(group: group, packed: packed, rateKey: rateKey), default: ExactSum()]
                .add(Int128(projects), amount, converted, figures)
        }
    }

    /// Adds the totals to each breakdown's sums.
    ///
    /// - Throws: ``MoneyError/overflow`` when a total does not fit 64 bits.
    func add(to sums: inout [StatisticsDimension: FactSums]) throws {
        for (dimension, keys) in zip(dimensions, totals) {
            for (key, total) in keys {
                try sums[dimension, default: FactSums()].add(
                    FactSums.Key(
                        group: key.group, outcome: ProjectOutcome(rawValue: outcomes[Int(key.packed & 0xFFFF)]) ?? .none,
                        underEvaluation: key.packed >> 16 & 1 == 1, kind: Self.kinds[Int(key.packed >> 17 & 0x7)],
                        currency: Self.kinds[Int(key.packed >> 17 & 0x7)] == nil ? "" : currencies[Int(key.packed >> 20)],
                        rateKey: key.rateKey),
                    try total.sum())
            }
        }
    }
}

/// Projects, amount, converted amount and figures summed in 128 bits while
/// rows come, so that only a final total past 64 bits is an overflow,
/// whatever the order of the rows.
private struct ExactSum {
    var projects: Int128 = 0
    var amount: Int128 = 0
    var converted: Int128 = 0
    var figures: Int128 = 0

    mutating func add(_ projects: Int128, _ amount: Int128, _ converted: Int128, _ figures: Int128) {
        self.projects += projects
        self.amount += amount
        self.converted += converted
        self.figures += figures
    }

    /// The totals in 64 bits.
    ///
    /// - Throws: ``MoneyError/overflow`` when one does not fit.
    func sum() throws -> FactSums.Sum {
        guard let projects = Int64(exactly: projects), let amount = Int64(exactly: amount),
              let converted = Int64(exactly: converted), let figures = Int64(exactly: figures)
        else { throw MoneyError.overflow }
        return FactSums.Sum(projects: projects, amount: amount, converted: converted, figures: figures)
    }
}
