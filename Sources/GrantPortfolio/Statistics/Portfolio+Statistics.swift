import SQLiteCore

extension Portfolio {
    /// The portfolio's figures as of `date` (default: today, UTC), with the
    /// breakdowns and options in `options`, all read in one transaction.
    ///
    /// ```swift
    /// let statistics = try portfolio.statistics(asOf: try CalendarDate("2010-01-01"),
    ///                                           options: StatisticsOptions(breakdowns: [.submissionYear]))
    /// print(statistics.headline)   // 2 of 3 projects approved (66.7%) · approved budget 786,230.00 EUR · …
    /// ```
    ///
    /// The definitions are in ``PortfolioStatistics``.
    ///
    /// The figures are read from what the portfolio keeps at write time
    /// (`Migrations/0006_statistics_periods.sql`): each project's periods of
    /// unchanged figures, and their changes per month and per year. The
    /// headline as of any date then reads a few thousand rows (milliseconds on
    /// a million projects), a breakdown the changes of earlier years and the
    /// periods of the date's year. Where they cannot answer (a write from
    /// outside the library left projects to refresh, a reporting currency other
    /// than EUR, projects without a status counted, a figure with no rate, a
    /// breakdown by theme or country), the statistics replay every status
    /// history in SQL instead: the same figures, more slowly.
    ///
    /// - Throws: ``PortfolioError/unknownCurrency(record:field:code:)`` when the
    ///   reporting currency is not in the currency table; ``MoneyError/overflow``
    ///   when a sum does not fit 64-bit minor units.
    public func statistics(
        asOf date: CalendarDate = .today, options: StatisticsOptions = StatisticsOptions()
    ) throws -> PortfolioStatistics {
        try statistics(asOf: date, options: options, method: .automatic)
    }

    /// ``statistics(asOf:options:)`` worked out by `method`, for tests and benchmarks.
    @_spi(Benchmarks)
    public func statistics(
        asOf date: CalendarDate = .today, options: StatisticsOptions = StatisticsOptions(), method: StatisticsMethod
    ) throws -> PortfolioStatistics {
        try database.read { try StatisticsComputation(date: date, options: options, db: $0, method: method).run() }
    }

    /// One breakdown as of `date` (default: today), the options' own breakdowns aside.
    ///
    /// ```swift
    /// let themes = try portfolio.breakdown(by: .theme)
    /// themes.groups.map { "\($0.label): \($0.counts.approved) of \($0.counts.developed)" }
    /// ```
    public func breakdown(
        by dimension: StatisticsDimension, asOf date: CalendarDate = .today, options: StatisticsOptions = StatisticsOptions()
    ) throws -> StatisticsBreakdown {
        try breakdown(by: dimension, asOf: date, options: options, method: .automatic)
    }

    /// ``breakdown(by:asOf:options:)`` worked out by `method`, for tests and benchmarks.
    @_spi(Benchmarks)
    public func breakdown(
        by dimension: StatisticsDimension, asOf date: CalendarDate = .today, options: StatisticsOptions = StatisticsOptions(),
        method: StatisticsMethod
    ) throws -> StatisticsBreakdown {
        try database.read { db in
            let computation = try StatisticsComputation(date: date, options: options, db: db, method: method)
            return try computation.breakdown(dimension)
        }
    }

    /// The outcome of every counted project as of `date`, by project id, as
    /// the statistics see it (one statement).
    func statisticsOutcomes(asOf date: CalendarDate, options: StatisticsOptions = StatisticsOptions()) throws
        -> [Project.ID: ProjectOutcome]
    {
        try database.read { db in
            let computation = try StatisticsComputation(date: date, options: options, db: db)
            var outcomes: [Project.ID: ProjectOutcome] = [:]
            try db.fetchAll(sql: StatisticsSQL.outcomes, arguments: computation.arguments) { row in
                (Project.ID(try row[0] as Int64), try row[1] as String)
            }.forEach { outcomes[$0.0] = ProjectOutcome(rawValue: $0.1) ?? ProjectOutcome.none }
            return outcomes
        }
    }
}

/// Runs the statistics statements on one connection, inside a transaction.
struct StatisticsComputation {
    let date: CalendarDate
    let options: StatisticsOptions
    let db: Connection
    let target: Currency
    let arguments: StatementArguments
    /// The kept periods, when they can answer (see ``PeriodStatistics``).
    let periods: PeriodStatistics?
    let method: StatisticsMethod

    init(date: CalendarDate, options: StatisticsOptions, db: Connection, method: StatisticsMethod = .automatic) throws {
        self.date = date
        self.options = options
        self.db = db
        self.target = try Lookup.currency(
            options.reportingCurrency, in: db, for: "statistics", field: "reportingCurrency")
        self.arguments = StatementArguments([], named: [
            "as_of": date.sqliteValue,
            "count_all": .integer(options.countsProjectsWithoutApplications ? 1 : 0),
        ])
        self.method = method
        self.periods = method == .replay ? nil : try PeriodStatistics(date: date, options: options, target: target, db: db)
        if method == .periods, periods == nil {
            throw StatisticsMethodUnavailable(
                reason: "a project is stale, the reporting currency is not EUR, or projects without a status are counted")
        }
    }

    /// ``arguments`` and the reporting currency, for ``StatisticsSQL/figures(_:)``.
    var figureArguments: StatementArguments {
        var arguments = arguments
        arguments.named["currency"] = .text(target.code)
        return arguments
    }

    func run() throws -> PortfolioStatistics {
        if let periods, let headline = try fromPeriods({ try periods.headline() }) {
            let total = StatisticsGroup(
                key: nil, label: "all projects", counts: headline.counts, money: try headline.money.summaries())
            return PortfolioStatistics(
                asOf: date, reportingCurrency: target,
                countsProjectsWithoutApplications: options.countsProjectsWithoutApplications, total: total,
                breakdowns: try options.breakdowns.map(breakdown),
                timeSeries: Self.years(try periods.timeSeriesRows()),
                ratesUsed: try periods.exchangeRates(headline.rates).sorted(by: Self.rateOrder),
                unconvertible: [])
        }
        if method == .periods { throw StatisticsMethodUnavailable(reason: "a figure that cannot be converted") }
        let counts = try db.fetchOne(sql: StatisticsSQL.totalCounts, arguments: arguments) { try Self.counts($0, from: 0) }
            ?? OutcomeCounts()
        var rates = Set<ExchangeRate>()
        var unconvertible: [UnconvertibleFigure] = []
        var money = MoneyAccumulator(target: target)
        for figure in try figures(nil) {
            let converted = try convert(figure, rates: &rates)
            if converted == nil {
                unconvertible.append(UnconvertibleFigure(
                    project: figure.project, application: figure.application, kind: figure.kind,
                    amount: figure.amount, rateDate: figure.rateDate, target: target.code))
            }
            try money.add(figure, converted: converted)
        }
        let total = StatisticsGroup(key: nil, label: "all projects", counts: counts, money: try money.summaries())
        return PortfolioStatistics(
            asOf: date, reportingCurrency: target,
            countsProjectsWithoutApplications: options.countsProjectsWithoutApplications, total: total,
            breakdowns: try options.breakdowns.map(breakdown), timeSeries: try timeSeries(),
            ratesUsed: rates.sorted(by: Self.rateOrder),
            unconvertible: unconvertible)
    }

    /// The order of ``PortfolioStatistics/ratesUsed``.
    static func rateOrder(_ a: ExchangeRate, _ b: ExchangeRate) -> Bool {
        (a.from, a.to, a.validFrom.description) < (b.from, b.to, b.validFrom.description)
    }

    /// The answer of `body` from the periods, or nil to replay the histories:
    /// when it says so, or a sum overflowed in SQL.
    func fromPeriods<T>(_ body: () throws -> T?) throws -> T? {
        do {
            return try body()
        } catch is PeriodStatistics.Replay {
            return nil
        } catch let error as SQLiteError where error.message.contains("overflow") {
            return nil
        }
    }

    func breakdown(_ dimension: StatisticsDimension) throws -> StatisticsBreakdown {
        if let periods, PeriodStatistics.dimensions.contains(dimension),
           let breakdown = try fromPeriods({ try periods.breakdown(dimension) })
        {
            return breakdown
        }
        if method == .periods {
            throw StatisticsMethodUnavailable(reason: "breakdown by \(dimension), or a figure that cannot be converted")
        }
        struct Row {
            var key: String?, label: String?, depth: Int, parent: String?, counts: OutcomeCounts
        }
        let rows = try db.fetchAll(sql: StatisticsSQL.breakdownCounts(dimension), arguments: arguments) { row in
            Row(key: try row[0], label: try row[1], depth: (try row[3] as Int?) ?? 0, parent: try row[4],
                counts: try Self.counts(row, from: 5))
        }
        var money: [String?: MoneyAccumulator] = [:]
        var rates = Set<ExchangeRate>()
        for figure in try figures(dimension) {
            let converted = try convert(figure, rates: &rates)
            try money[figure.group, default: MoneyAccumulator(target: target)].add(figure, converted: converted)
        }
        let groups = try rows.map { row in
            StatisticsGroup(
                key: row.key, label: row.key == nil ? dimension.unassignedLabel : (row.label ?? row.key ?? ""),
                depth: row.key == nil ? 0 : row.depth, parent: row.parent, counts: row.counts,
                money: try (money[row.key] ?? MoneyAccumulator(target: target)).summaries())
        }
        return StatisticsBreakdown(dimension: dimension, groups: groups)
    }

    func timeSeries() throws -> [YearActivity] {
        Self.years(try db.fetchAll(sql: StatisticsSQL.timeSeries, arguments: arguments) { row in
            (year: try row[0] as Int, measure: try row[1] as String, count: try row[2] as Int)
        })
    }

    /// The time series from rows (year, measure, count).
    static func years(_ rows: [(year: Int, measure: String, count: Int)]) -> [YearActivity] {
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

    /// One counted money figure, with the rate in force on its date, if any.
    struct Figure {
        var outcome: ProjectOutcome
        var project: String
        var application: Application.ID
        var kind: MoneyFigure.Kind
        var amount: Money
        var rateDate: CalendarDate
        var rate: ExchangeRate?
        var group: String?
    }

    func figures(_ dimension: StatisticsDimension?) throws -> [Figure] {
        try db.fetchAll(sql: StatisticsSQL.figures(dimension), arguments: figureArguments) { row in
            let outcome: String = try row[0]
            let kind: String = try row[3]
            let currency = try Currency(code: try row[5], minorUnit: try row[6])
            let rateDate: CalendarDate = try row[7]
            var rate: ExchangeRate?
            if let numerator: Int64 = try row[8] {
                rate = ExchangeRate(
                    from: currency.code, to: target.code, numerator: numerator, denominator: try row[9],
                    validFrom: try row[10], source: try row[11])
            }
            return Figure(
                outcome: ProjectOutcome(rawValue: outcome) ?? ProjectOutcome.none, project: try row[1], application: try row[2],
                kind: MoneyFigure.Kind(rawValue: kind) ?? .totalCost,
                amount: Money(minorUnits: try row[4], currency: currency), rateDate: rateDate, rate: rate,
                group: dimension == nil ? nil : try row[12])
        }
    }

    /// The figure in the reporting currency, or nil when no rate converts it.
    func convert(_ figure: Figure, rates: inout Set<ExchangeRate>) throws -> Money? {
        if figure.amount.currency.code == target.code { return Money(minorUnits: figure.amount.minorUnits, currency: target) }
        guard let rate = figure.rate else { return nil }
        rates.insert(rate)
        return try rate.convert(figure.amount, to: target)
    }

    // MARK: - Decoding

    /// ``OutcomeCounts`` from the eight columns of ``StatisticsSQL/countColumns`` starting at `offset`.
    static func counts(_ row: Row, from offset: Int) throws -> OutcomeCounts {
        OutcomeCounts(
            developed: try row[offset], approved: try row[offset + 1], rejected: try row[offset + 2],
            withdrawn: try row[offset + 3], pending: try row[offset + 4], inPreparation: try row[offset + 5],
            undetermined: try row[offset + 6], underEvaluation: try row[offset + 7])
    }
}

/// Sums money figures per outcome group and kind: exactly per currency, and
/// converted into the reporting currency, with overflow checked.
struct MoneyAccumulator {
    let target: Currency

    private struct Sum {
        var byCurrency: [String: Money] = [:]
        var converted: Money
        var unconverted: [String: Money] = [:]
        var count = 0
    }

    private var sums: [OutcomeGroup: [MoneyFigure.Kind: Sum]] = [:]

    init(target: Currency) { self.target = target }

    /// Adds a figure to the developed group and to its outcome's group.
    mutating func add(_ figure: StatisticsComputation.Figure, converted: Money?) throws {
        try add(outcome: figure.outcome, kind: figure.kind, amount: figure.amount, converted: converted, figures: 1)
    }

    /// Adds `figures` figures of one kind and currency, summing to `amount`
    /// (`converted` in the reporting currency, nil when they could not be
    /// converted), to the developed group and to their outcome's group.
    mutating func add(outcome: ProjectOutcome, kind: MoneyFigure.Kind, amount: Money, converted: Money?, figures: Int) throws {
        for group in Set([OutcomeGroup.developed, OutcomeGroup(outcome)]) {
            var sum = sums[group]?[kind] ?? Sum(converted: .zero(target))
            let code = amount.currency.code
            sum.byCurrency[code] = try (sum.byCurrency[code] ?? .zero(amount.currency)) + amount
            if let converted {
                sum.converted = try sum.converted + converted
            } else {
                sum.unconverted[code] = try (sum.unconverted[code] ?? .zero(amount.currency)) + amount
            }
            sum.count += figures
            sums[group, default: [:]][kind] = sum
        }
    }

    /// Adds everything `other` summed.
    mutating func merge(_ other: MoneyAccumulator) throws {
        for (group, kinds) in other.sums {
            for (kind, sum) in kinds {
                var mine = sums[group]?[kind] ?? Sum(converted: .zero(target))
                for (code, amount) in sum.byCurrency {
                    mine.byCurrency[code] = try (mine.byCurrency[code] ?? .zero(amount.currency)) + amount
                }
                for (code, amount) in sum.unconverted {
                    mine.unconverted[code] = try (mine.unconverted[code] ?? .zero(amount.currency)) + amount
                }
                mine.converted = try mine.converted + sum.converted
                mine.count += sum.count
                sums[group, default: [:]][kind] = mine
            }
        }
    }

    /// One summary per ``OutcomeGroup``, in its order.
    func summaries() throws -> [MoneySummary] {
        OutcomeGroup.allCases.map { group in
            func total(_ kind: MoneyFigure.Kind) -> MoneyTotal {
                guard let sum = sums[group]?[kind] else { return MoneyTotal(kind: kind, zeroIn: target) }
                return MoneyTotal(
                    kind: kind, byCurrency: sum.byCurrency.keys.sorted().compactMap { sum.byCurrency[$0] },
                    converted: sum.converted, unconverted: sum.unconverted.keys.sorted().compactMap { sum.unconverted[$0] },
                    figureCount: sum.count)
            }
            return MoneySummary(group: group, totalCost: total(.totalCost), requested: total(.requested), awarded: total(.awarded))
        }
    }
}
