import SQLiteCore

/// Reads the statistics as of a date from the stored facts, inside the
/// caller's transaction: the one reader behind ``Portfolio/statistics(asOf:options:)``,
/// ``Portfolio/breakdown(by:asOf:options:)`` and the project search.
///
/// - Counts, and money in EUR (the currency the facts sum in): the stored
///   sums (``StoredFactsReader``), corrected for stale projects (``StaleProjects``).
/// - Money in any other reporting currency: each counted figure of the facts
///   in force on the date, converted on its own (``CurrencyConversion``).
/// - Projects without a status, when counted: the project and theme tables
///   give how many there are; they are undetermined and unassigned.
struct StatisticsReader {
    let db: Connection
    let date: CalendarDate
    let options: StatisticsOptions
    let target: Currency
    private let stored: StoredFactsReader
    private let stale: StaleProjects
    private let conversion: CurrencyConversion
    /// When money is read figure by figure: the facts in force on the date
    /// with their counted figures (non-EUR reporting currency).
    private let figures: [CountedMoney.Project]?

    /// A reader of `db` as of `date`.
    ///
    /// - Throws: ``PortfolioError/unknownCurrency(record:field:code:)`` when
    ///   the reporting currency is not in the currency table;
    ///   ``MoneyError/overflow`` when a stale project's money does not fit 64
    ///   bits; `SQLiteError` when the file cannot be read.
    init(db: Connection, date: CalendarDate, options: StatisticsOptions) throws {
        self.db = db
        self.date = date
        self.options = options
        let target = try Lookup.currency(options.reportingCurrency, in: db, for: RecordName(kind: .statistics), field: "reportingCurrency")
        self.target = target
        self.stored = StoredFactsReader(db: db, date: date)
        let conversion = try CurrencyConversion(db: db)
        self.conversion = conversion
        self.stale = try StaleProjects(db: db, conversion: conversion)
        self.figures = target.code == Currency.eur.code
            ? nil
            : try CountedMoney(db: db, day: date.description, stale: stale, conversion: conversion, target: target)
                .projects(withRateKey: nil)
    }

    // MARK: - Statistics

    /// The statistics with the breakdowns of the options.
    ///
    /// - Throws: ``MoneyError/overflow`` when a sum does not fit 64 bits;
    ///   `SQLiteError` when the file cannot be read.
    func statistics() throws -> PortfolioStatistics {
        var rates = Set<ExchangeRate>()
        var unconvertible: [UnconvertibleFigure] = []
        let (counts, money) = try headline(rates: &rates, unconvertible: &unconvertible)
        let total = StatisticsGroup(key: nil, label: "all projects", counts: counts, money: try money.summaries())
        // The breakdowns and the time series read the periods of the date's month in one pass.
        var activity: FactSums? = FactSums()
        let breakdowns = try breakdowns(options.breakdowns, activity: &activity)
        return PortfolioStatistics(
            asOf: date, reportingCurrency: target,
            countsProjectsWithoutApplications: options.countsProjectsWithoutApplications, total: total,
            breakdowns: breakdowns, timeSeries: timeSeries(activity ?? FactSums()),
            ratesUsed: rates.sorted(by: Self.rateOrder), unconvertible: unconvertible)
    }

    /// The order of ``PortfolioStatistics/ratesUsed``.
    static func rateOrder(_ a: ExchangeRate, _ b: ExchangeRate) -> Bool {
        (a.from, a.to, a.validFrom.description) < (b.from, b.to, b.validFrom.description)
    }

    /// The sums as of the date, stale projects corrected.
    private func sums(by dimension: StatisticsDimension?) throws -> FactSums {
        var sums = try stored.sums(by: dimension)
        try stale.correct(&sums, by: dimension, on: date.description)
        return sums
    }

    private func headline(
        rates: inout Set<ExchangeRate>, unconvertible: inout [UnconvertibleFigure]
    ) throws -> (OutcomeCounts, MoneyAccumulator) {
        let sums = try sums(by: nil)
        var counts = sums.counts()[.null] ?? OutcomeCounts()
        if options.countsProjectsWithoutApplications {
            counts.add(.none, underEvaluation: false, projects: try projectCount() - counts.developed)
        }
        if let figures {
            var money = MoneyAccumulator(target: target)
            for project in figures {
                for figure in project.figures {
                    try money.add(outcome: project.state.outcome, kind: figure.kind, amount: figure.amount,
                                  converted: figure.converted, figures: 1)
                    rates.formUnion(figure.rates)
                    if figure.converted == nil { unconvertible.append(try unconvertibleFigure(project, figure)) }
                }
            }
            unconvertible.sort(by: Self.figureOrder)
            return (counts, money)
        }
        let money = try self.money(sums.money(), rates: &rates)[.null] ?? MoneyAccumulator(target: target)
        if sums.money().contains(where: { $0.key.rateKey < 0 }) {
            let projects = try CountedMoney(db: db, day: date.description, stale: stale, conversion: conversion)
                .projects(withRateKey: -1)
            unconvertible = try projects.flatMap { project in
                try project.figures.filter { $0.euroRateKey < 0 }.map { try unconvertibleFigure(project, $0) }
            }.sorted(by: Self.figureOrder)
        }
        return (counts, money)
    }

    private func unconvertibleFigure(_ project: CountedMoney.Project, _ figure: CountedMoney.Figure) throws -> UnconvertibleFigure {
        UnconvertibleFigure(
            project: project.reference, application: Application.ID(figure.applicationID), kind: figure.kind,
            amount: figure.amount, rateDate: try CalendarDate(figure.rateDate), target: target.code)
    }

    /// The order of ``PortfolioStatistics/unconvertible``: project reference, application, kind.
    private static func figureOrder(_ a: UnconvertibleFigure, _ b: UnconvertibleFigure) -> Bool {
        if a.project != b.project { return a.project.utf8.lexicographicallyPrecedes(b.project.utf8) }
        if a.application != b.application { return a.application.rawValue < b.application.rawValue }
        return a.kind.rawValue < b.kind.rawValue
    }

    /// The money of summed EUR keys, per group.
    private func money(
        _ keys: [(key: FactSums.Key, sum: FactSums.Sum)], rates: inout Set<ExchangeRate>
    ) throws -> [SQLiteValue: MoneyAccumulator] {
        var money: [SQLiteValue: MoneyAccumulator] = [:]
        var rateKeys = Set<Int64>()
        for (key, sum) in keys {
            guard let kind = key.kind, let currency = conversion.currencies[key.currency] else { continue }
            var converted: Money?
            if key.rateKey >= 0 {
                converted = Money(minorUnits: sum.converted, currency: .eur)
                if rateKeys.insert(key.rateKey).inserted { rates.formUnion(conversion.rates(inKey: key.rateKey)) }
            }
            try money[key.group, default: MoneyAccumulator(target: target)].add(
                outcome: key.outcome, kind: kind, amount: Money(minorUnits: sum.amount, currency: currency),
                converted: converted, figures: Int(sum.figures))
        }
        return money
    }

    // MARK: - Breakdowns

    /// One breakdown.
    ///
    /// - Throws: ``MoneyError/overflow`` when a sum does not fit 64 bits;
    ///   `SQLiteError` when the file cannot be read.
    func breakdown(_ dimension: StatisticsDimension) throws -> StatisticsBreakdown {
        try breakdowns([dimension])[0]
    }

    /// Breakdowns in the order given; their sums are read together, so that
    /// the periods of the date's month are read once for all of them.
    ///
    /// - Throws: ``MoneyError/overflow`` when a sum does not fit 64 bits;
    ///   `SQLiteError` when the file cannot be read.
    func breakdowns(_ dimensions: [StatisticsDimension]) throws -> [StatisticsBreakdown] {
        var activity: FactSums?
        return try breakdowns(dimensions, activity: &activity)
    }

    /// ``breakdowns(_:)``, and the stored activity of the time series added
    /// to `activity` when it is not nil (``StoredFactsReader/sums(by:activity:)``).
    private func breakdowns(
        _ dimensions: [StatisticsDimension], activity: inout FactSums?
    ) throws -> [StatisticsBreakdown] {
        var sums = try stored.sums(by: dimensions, activity: &activity)
        for dimension in sums.keys {
            try stale.correct(&sums[dimension, default: FactSums()], by: dimension, on: date.description)
        }
        return try dimensions.map { try breakdown($0, sums: sums[$0] ?? FactSums()) }
    }

    private func breakdown(_ dimension: StatisticsDimension, sums: FactSums) throws -> StatisticsBreakdown {
        var counts = sums.counts()
        if options.countsProjectsWithoutApplications {
            try addProjectsWithoutStatus(to: &counts, dimension: dimension)
        }
        var rates = Set<ExchangeRate>()
        var money: [SQLiteValue: MoneyAccumulator]
        if let figures {
            money = [:]
            for project in figures {
                for group in dimension.groupValues(of: project.state) {
                    for figure in project.figures {
                        try money[group, default: MoneyAccumulator(target: target)].add(
                            outcome: project.state.outcome, kind: figure.kind, amount: figure.amount,
                            converted: figure.converted, figures: 1)
                    }
                }
            }
        } else {
            money = try self.money(sums.money(), rates: &rates)
        }
        return try BreakdownGroups(dimension: dimension, target: target, db: db).breakdown(counts: counts, money: money)
    }

    /// Counts the projects that have no status on the date as undetermined,
    /// in the unassigned group, or under each of their themes.
    private func addProjectsWithoutStatus(to counts: inout [SQLiteValue: OutcomeCounts], dimension: StatisticsDimension) throws {
        guard dimension == .theme else {
            // A single-valued dimension puts each developed project under one
            // value, so its counts add up to the headline's; a project has
            // any number of partner countries, so that one asks the headline.
            let developed = dimension.isSingleValued
                ? counts.values.reduce(0) { $0 + $1.developed } : try sums(by: nil).counts()[.null]?.developed ?? 0
            counts[.null, default: OutcomeCounts()].add(.none, underEvaluation: false, projects: try projectCount() - developed)
            return
        }
        var members = try db.fetchAll(sql: "SELECT theme_id, count(*) FROM project_theme GROUP BY theme_id") { row in
            (SQLiteValue.integer(try row[0]), try row[1] as Int)
        }
        members.append((.null, try db.fetchOne(sql: """
            SELECT count(*) FROM project p WHERE NOT EXISTS (SELECT 1 FROM project_theme pt WHERE pt.project_id = p.id)
            """) { try $0[0] as Int } ?? 0))
        for (group, projects) in members {
            let developed = counts[group]?.developed ?? 0
            counts[group, default: OutcomeCounts()].add(.none, underEvaluation: false, projects: projects - developed)
        }
    }

    private func projectCount() throws -> Int {
        try db.fetchOne(sql: "SELECT count(*) FROM project") { try $0[0] as Int } ?? 0
    }

    // MARK: - Time series

    /// Submissions, approvals and rejections per year up to the date.
    ///
    /// - Throws: `SQLiteError` when the file cannot be read.
    func timeSeries() throws -> [YearActivity] {
        var sums = FactSums()
        try stored.addActivity(to: &sums)
        return timeSeries(sums)
    }

    /// The time series of the stored activity `sums`, stale projects corrected.
    private func timeSeries(_ stored: FactSums) -> [YearActivity] {
        var sums = stored
        stale.correctActivity(&sums, on: date.description)
        return sums.years()
    }

    // MARK: - Projects

    /// The outcome of every project with a status on the date, by id.
    ///
    /// - Throws: `SQLiteError` when the file cannot be read.
    func outcomes() throws -> [Int64: ProjectOutcome] {
        var outcomes: [Int64: ProjectOutcome] = [:]
        try db.fetchAll(
            sql: "SELECT project_id, outcome FROM statistics_period WHERE valid_from <= ? AND valid_until > ?",
            arguments: [date.description, date.description]
        ) { (try $0[0] as Int64, try $0[1] as String) }
            .forEach { outcomes[$0.0] = ProjectOutcome(rawValue: $0.1) ?? ProjectOutcome.none }
        for (id, _) in stale.periods {
            outcomes[id] = stale.currentState(of: id, on: date.description)?.outcome
        }
        return outcomes
    }
}
