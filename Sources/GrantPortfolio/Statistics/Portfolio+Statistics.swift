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
    /// The definitions are in ``PortfolioStatistics``; <doc:StatisticsModel>
    /// explains how they are kept and read.
    ///
    /// The figures are read from the facts the portfolio keeps at write time:
    /// the headline as of any date reads a few thousand rows (milliseconds on
    /// a million projects), a breakdown the changes of earlier years and the
    /// facts of the date's year. Projects that another program changed since
    /// (their facts are stale) are worked out in memory and combined with the
    /// rest. A reporting currency other than EUR converts each counted figure
    /// on its own, which reads the facts in force on the date.
    ///
    /// - Throws: ``PortfolioError/unknownCurrency(record:field:code:)`` when the
    ///   reporting currency is not in the currency table; ``MoneyError/overflow``
    ///   when a sum does not fit 64-bit minor units; `SQLiteError`
    ///   when the file cannot be read.
    public func statistics(
        asOf date: CalendarDate = .today, options: StatisticsOptions = StatisticsOptions()
    ) throws -> PortfolioStatistics {
        try database.read { try StatisticsReader(db: $0, date: date, options: options).statistics() }
    }

    /// One breakdown as of `date` (default: today), the options' own breakdowns aside.
    ///
    /// ```swift
    /// let themes = try portfolio.breakdown(by: .theme)
    /// themes.groups.map { "\($0.label): \($0.counts.approved) of \($0.counts.developed)" }
    /// ```
    ///
    /// - Throws: As ``statistics(asOf:options:)-hnro``.
    public func breakdown(
        by dimension: StatisticsDimension, asOf date: CalendarDate = .today, options: StatisticsOptions = StatisticsOptions()
    ) throws -> StatisticsBreakdown {
        try database.read { try StatisticsReader(db: $0, date: date, options: options).breakdown(dimension) }
    }

    /// Submissions, approvals and rejections per year up to `date` (default:
    /// today): ``PortfolioStatistics/timeSeries`` without the rest.
    ///
    /// ```swift
    /// for year in try portfolio.timeSeries() { print(year.year, year.applicationsSubmitted, year.decisions) }
    /// ```
    ///
    /// - Throws: `SQLiteError` when the file cannot be read;
    ///   ``MoneyError/overflow`` when a stale project's money does not fit 64 bits.
    public func timeSeries(asOf date: CalendarDate = .today) throws -> [YearActivity] {
        try database.read { try StatisticsReader(db: $0, date: date, options: StatisticsOptions()).timeSeries() }
    }

    /// The outcome of every counted project on `date`, by project id, as the
    /// statistics see it: those with a status, or every project (`none`
    /// without a status) with ``StatisticsOptions/countsProjectsWithoutApplications``.
    func statisticsOutcomes(asOf date: CalendarDate, options: StatisticsOptions = StatisticsOptions()) throws
        -> [Project.ID: ProjectOutcome]
    {
        try database.read { db in
            var outcomes: [Project.ID: ProjectOutcome] = [:]
            if options.countsProjectsWithoutApplications {
                for id in try Int64.fetchAll(db, sql: "SELECT id FROM project") { outcomes[Project.ID(id)] = ProjectOutcome.none }
            }
            for (id, outcome) in try StatisticsReader(db: db, date: date, options: options).outcomes() {
                outcomes[Project.ID(id)] = outcome
            }
            return outcomes
        }
    }
}
