import SQLiteCore

/// The changes that periods make to the headline (per block of 16 and of 4
/// years, year, quarter, month and day), to the breakdowns (the same but
/// days) and to the time series (per month), summed in memory and written to `statistics_change`,
/// `statistics_breakdown_change` and `statistics_activity_change` at the end
/// of a refresh.
///
/// A period adds its project (and its money) on the day it starts and takes
/// it away on the day it ends; its activity counts from the month it starts.
/// Removing a period adds the same with the opposite sign. Each change is
/// kept at every granularity, so that a reader as of D adds the fewest spans
/// that make up the years before D's year and the months of its year before
/// D's month, and then the days of D's month up to D (``StoredFactsReader``;
/// the breakdowns read the periods of D's month instead of days).
///
/// A refresh of a million projects records tens of millions of changes, so
/// the keys are packed integers (strings interned once per period).
struct StatisticsChanges {
    /// What a change is summed by: the packed fields
    /// (``pack(outcome:underEvaluation:kind:currency:dimension:granularity:)``),
    /// the time (`YYYY`, `YYYYMM` or `YYYYMMDD` as a number, by granularity:
    /// of the first year or month of a block or quarter),
    /// the rate key, and the breakdown value (interned string, year, funding
    /// source or theme id; `Int64.min` for none; 0 for the headline).
    private struct Key: Hashable {
        var packed: UInt64
        var time: Int32
        var rateID: Int64
        var value: Int64
    }

    /// How finely a change is kept: its `granularity` column. The index is
    /// the key's granularity field.
    static let granularities = ["year", "month", "day", "year16", "year4", "quarter"]

    /// The granularities a change on `day` (`YYYYMMDD`) is kept at, each with
    /// its ``Key/time``: the blocks of 16 and 4 years, the year, the quarter,
    /// the month, and for the headline (`withDay`) the day.
    private static func spans(of day: Int, withDay: Bool) -> [(granularity: Int, time: Int)] {
        let year = day / 10_000, month = day / 100 % 100
        let spans = [
            (3, year - year % 16), (4, year - year % 4), (0, year), (5, year * 100 + (month - 1) / 3 * 3 + 1), (1, day / 100),
        ]
        return withDay ? spans + [(2, day)] : spans
    }

    /// The digits a granularity's span has: 4 (`YYYY`), 6 (`YYYY-MM`) or 8 (`YYYY-MM-DD`).
    private static func spanDigits(_ granularity: Int) -> Int {
        switch granularity {
        case 1, 5: 6
        case 2: 8
        default: 4
        }
    }

    private struct Delta {
        var projects: Int64 = 0
        var amount: Int64 = 0
        var converted: Int64 = 0
        var figures: Int64 = 0
        /// A money sum went past 64 bits (see ``write(to:)``).
        var overflowed = false

        mutating func add(projects: Int64, _ sum: StatisticsPeriod.MoneySum?, sign: Int64) {
            self.projects += projects
            guard let sum else { return }
            func add(_ total: inout Int64, _ value: Int64) {
                let (result, overflow) = total.addingReportingOverflow(sign == 1 ? value : 0 &- value)
                total = result
                if overflow || (sign != 1 && value == .min) { overflowed = true }
            }
            add(&amount, sum.amount)
            add(&converted, sum.converted)
            figures += sign * sum.figures
        }
    }

    /// The dimensions kept per year; the index is the key's dimension field minus one.
    static let dimensionNames = ["status", "year", "decision-year", "source", "theme", "country"]
    /// The dimensions (indexes into ``dimensionNames``) whose values are interned strings.
    private static let textDimensions: Set<Int> = [0, 5]
    private static let noValue = Int64.min

    private var headline: [Key: Delta] = [:]
    private var breakdowns: [Key: Delta] = [:]
    private var activity: [Key: Int64] = [:]
    private var strings: [String] = []
    private var stringIndex: [String: Int] = [:]

    /// `YYYYMMDD` of a `YYYY-MM-DD` date, as a number.
    private static func dayNumber(_ date: String) -> Int {
        var value = 0
        for (index, byte) in date.utf8.prefix(10).enumerated() where index != 4 && index != 7 {
            value = value * 10 + Int(byte &- 48)
        }
        return value
    }

    /// `year * 100 + month` of a `YYYY-MM-DD` date.
    private static func month(_ date: String) -> Int { dayNumber(date) / 100 }

    private mutating func intern(_ string: String) -> Int {
        if let index = stringIndex[string] { return index }
        strings.append(string)
        stringIndex[string] = strings.count - 1
        return strings.count - 1
    }

    /// outcome (3 bits); under evaluation (1); kind (2: 0 for the project
    /// count); currency (interned, 32); dimension (3: 0 headline); granularity
    /// (3: an index into ``granularities``).
    private static func pack(
        outcome: Int, underEvaluation: Bool, kind: Int, currency: Int, dimension: Int, granularity: Int
    ) -> UInt64 {
        UInt64(outcome) | (underEvaluation ? 1 << 3 : 0) | UInt64(kind) << 4 | UInt64(currency) << 6
            | UInt64(dimension) << 38 | UInt64(granularity) << 41
    }

    private static let outcomes = ProjectOutcome.allCases
    private static let kinds: [MoneyFigure.Kind?] = [nil] + MoneyFigure.Kind.statistical

    /// Adds (`sign` 1) or removes (`sign` -1) a period's contributions.
    mutating func record(_ period: StatisticsPeriod, sign: Int64) {
        let state = period.state
        let outcome = Self.outcomes.firstIndex(of: state.outcome) ?? 0
        let money = state.money.map { key, sum in
            (kind: (MoneyFigure.Kind.statistical.firstIndex(of: key.kind) ?? 0) + 1, currency: intern(key.currency),
             rateID: key.rateID, sum: sum)
        }
        let values: [[Int64]] = [
            [Int64(intern(state.status))], [state.submittedYear.map(Int64.init) ?? Self.noValue],
            [state.decidedYear.map(Int64.init) ?? Self.noValue], [state.fundingSourceID],
            state.themes.isEmpty ? [Self.noValue] : state.themes,
            state.countries.isEmpty ? [Self.noValue] : state.countries.map { Int64(intern($0)) },
        ]
        func change(
            _ table: inout [Key: Delta], time: Int, granularity: Int, dimension: Int, value: Int64, _ sign: Int64
        ) {
            let count = Key(
                packed: Self.pack(
                    outcome: outcome, underEvaluation: state.isUnderEvaluation, kind: 0, currency: 0,
                    dimension: dimension, granularity: granularity),
                time: Int32(time), rateID: 0, value: value)
            table[count, default: Delta()].add(projects: sign, nil, sign: sign)
            for entry in money {
                let key = Key(
                    packed: Self.pack(
                        outcome: outcome, underEvaluation: false, kind: entry.kind, currency: entry.currency,
                        dimension: dimension, granularity: granularity),
                    time: Int32(time), rateID: entry.rateID, value: value)
                table[key, default: Delta()].add(projects: 0, entry.sum, sign: sign)
            }
        }
        func change(on date: String, _ sign: Int64) {
            let day = Self.dayNumber(date)
            for span in Self.spans(of: day, withDay: true) {
                change(&headline, time: span.time, granularity: span.granularity, dimension: 0, value: 0, sign)
            }
            let spans = Self.spans(of: day, withDay: false)
            for (index, dimensionValues) in values.enumerated() {
                for value in dimensionValues {
                    for span in spans {
                        change(
                            &breakdowns, time: span.time, granularity: span.granularity, dimension: index + 1,
                            value: value, sign)
                    }
                }
            }
        }
        change(on: period.validFrom, sign)
        if period.validUntil != StatisticsPeriod.openEnd { change(on: period.validUntil, -sign) }

        let start = Self.month(period.validFrom)
        let year = Int64(ProjectFacts.year(period.validFrom))
        func count(_ measure: Int, _ value: Int, year: Int64) {
            guard value != 0 else { return }
            activity[Key(packed: UInt64(measure), time: Int32(start), rateID: 0, value: year), default: 0] += sign * Int64(value)
        }
        count(0, period.activity.submitted, year: year)
        for other in period.activity.submittedOtherYears { count(0, 1, year: Int64(other)) }
        count(1, period.activity.approved, year: year)
        count(2, period.activity.rejected, year: year)
        count(3, period.activity.projectApproved ? 1 : 0, year: year)
    }

    /// One row of a change table: its key columns and its sums.
    struct ChangeRow: Hashable {
        /// `statistics_change`, `statistics_breakdown_change` or `statistics_activity_change`.
        var table: String
        var keys: [SQLiteValue]
        /// projects, amount, converted, figures; or the count of an activity row.
        var sums: [Int64]
    }

    /// The key columns of each change table, in order.
    static let keyColumns: [String: [String]] = [
        "statistics_change": ["granularity", "span", "outcome", "under_evaluation", "kind", "currency", "rate_id"],
        "statistics_breakdown_change": [
            "dimension", "granularity", "span", "value", "outcome", "under_evaluation", "kind", "currency", "rate_id",
        ],
        "statistics_activity_change": ["month", "year", "measure"],
    ]

    /// The sum columns of each change table, in order.
    static func sumColumns(_ table: String) -> [String] {
        table == "statistics_activity_change" ? ["count"] : ["projects", "amount_minor", "converted_minor", "figures"]
    }

    /// The order the rows are written in: by dimension, granularity, span and
    /// value, the leading columns of the change tables' primary keys, so that
    /// the upserts of a refresh walk each table's B-tree from one end to the
    /// other instead of seeking at random (a dictionary's order). A bulk
    /// insert writes some hundreds of change rows per project, and the upserts
    /// were half of its refresh (BENCHMARKS.md). The order changes no sum.
    private static func writeOrder(_ a: Key, _ b: Key) -> Bool {
        (a.packed >> 38 & 0x7, a.packed >> 41 & 0x7, a.time, a.value, a.packed, a.rateID)
            < (b.packed >> 38 & 0x7, b.packed >> 41 & 0x7, b.time, b.value, b.packed, b.rateID)
    }

    /// Below this many rows of a table, a refresh writes them in the
    /// dictionary's order: the few rows of a single write touch few pages
    /// whatever their order, and sorting them would only add to its commit.
    static let sortedWriteThreshold = 4_096

    /// The entries of `table` in ``writeOrder(_:_:)``, or as they are when
    /// they are fewer than ``sortedWriteThreshold``.
    private static func ordered<Value>(_ table: [Key: Value]) -> [(key: Key, value: Value)] {
        table.count < sortedWriteThreshold ? Array(table) : table.sorted { writeOrder($0.key, $1.key) }
    }

    /// The changes as table rows (in ``writeOrder(_:_:)`` when there are many), rows that sum to zero left out.
    ///
    /// - Throws: ``MoneyError/overflow`` when a money sum does not fit 64 bits.
    func rows() throws -> [ChangeRow] {
        func monthText(_ month: Int) -> String {
            let digits = String(month + 1_000_000).dropFirst()  // six digits, YYYYMM
            return "\(digits.prefix(4))-\(digits.suffix(2))"
        }
        /// 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' of a key's time.
        func span(_ key: Key) -> [SQLiteValue] {
            let granularity = Int(key.packed >> 41 & 0x7)
            let digits = String(Int(key.time) + 100_000_000).dropFirst(9 - Self.spanDigits(granularity))
            var text = ""
            for (index, digit) in digits.enumerated() {
                if index == 4 || index == 6 { text += "-" }
                text.append(digit)
            }
            return [.text(Self.granularities[granularity]), .text(text)]
        }
        func fields(_ packed: UInt64) -> [SQLiteValue] {
            let kind = Self.kinds[Int(packed >> 4 & 0x3)]
            return [.text(Self.outcomes[Int(packed & 0x7)].rawValue), .integer(Int64(packed >> 3 & 1)),
                    .text(kind?.rawValue ?? ""), .text(kind == nil ? "" : strings[Int(packed >> 6 & 0xFFFF_FFFF)])]
        }
        func sums(_ delta: Delta) throws -> [Int64]? {
            if delta.overflowed { throw MoneyError.overflow }
            let sums = [delta.projects, delta.amount, delta.converted, delta.figures]
            return sums.allSatisfy { $0 == 0 } ? nil : sums
        }
        var rows: [ChangeRow] = []
        for (key, delta) in Self.ordered(headline) {
            guard let sums = try sums(delta) else { continue }
            rows.append(ChangeRow(
                table: "statistics_change", keys: span(key) + fields(key.packed) + [.integer(key.rateID)], sums: sums))
        }
        for (key, delta) in Self.ordered(breakdowns) {
            guard let sums = try sums(delta) else { continue }
            let dimension = Int(key.packed >> 38 & 0x7) - 1
            let value: SQLiteValue =
                key.value == Self.noValue ? .text("")  // none ('' in the table, the unassigned group)
                : Self.textDimensions.contains(dimension) ? .text(strings[Int(key.value)]) : .integer(key.value)
            rows.append(ChangeRow(
                table: "statistics_breakdown_change",
                keys: [.text(Self.dimensionNames[dimension])] + span(key) + [value] + fields(key.packed) + [.integer(key.rateID)],
                sums: sums))
        }
        for (key, count) in Self.ordered(activity) where count != 0 {
            rows.append(ChangeRow(
                table: "statistics_activity_change",
                keys: [.text(monthText(Int(key.time))), .integer(key.value),
                       .text(StatisticsPeriod.State.activityMeasures[Int(key.packed)])],
                sums: [count]))
        }
        return rows
    }

    /// Adds the sums to the tables. Rows that come back to zero stay: they
    /// change no sum, and there are at most a few per month and value.
    ///
    /// - Throws: ``MoneyError/overflow`` when a money sum does not fit 64
    ///   bits, here or added to the row in the table (where SQLite would turn
    ///   it into a REAL, which the STRICT column refuses with a constraint
    ///   error): the write is refused and rolled back with the rest.
    func write(to db: Connection) throws {
        var statements: [String: Statement] = [:]
        for row in try rows() {
            let statement: Statement
            if let cached = statements[row.table] {
                statement = cached
            } else {
                let keys = Self.keyColumns[row.table] ?? []
                let sums = Self.sumColumns(row.table)
                statement = try db.cachedStatement(sql: """
                    INSERT INTO \(row.table) (\((keys + sums).joined(separator: ", ")))
                    VALUES (\(Array(repeating: "?", count: keys.count + sums.count).joined(separator: ", ")))
                    ON CONFLICT DO UPDATE SET \(sums.map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", "))
                    """)
                statements[row.table] = statement
            }
            do {
                try statement.execute(arguments: StatementArguments(row.keys + row.sums.map { .integer($0) }))
            } catch let error as SQLiteError where error.primaryCode == .constraint {
                throw MoneyError.overflow
            }
        }
    }
}
