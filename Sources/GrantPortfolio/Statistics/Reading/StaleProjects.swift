import SQLiteCore

/// The projects whose stored facts are out of date (another program wrote to
/// the file since the library last refreshed them), with their stored periods
/// and the periods the rules give now, worked out in memory.
///
/// A reader that cannot or should not write combines the stored sums with
/// these: it takes away what each stale project's stored periods contribute
/// as of the date and adds what its current periods contribute. Only the
/// stale projects are worked out; nothing replays the whole portfolio.
struct StaleProjects {
    /// Per stale project, its stored periods and its current ones.
    private(set) var periods: [Int64: (stored: [StatisticsPeriod], current: [StatisticsPeriod])] = [:]

    /// The stale projects of `db`; nothing to read when there are none (one indexed read).
    ///
    /// - Throws: ``MoneyError/overflow`` when a stale project's money does not
    ///   fit 64 bits; `SQLiteError` when the file cannot be read.
    init(db: Connection, conversion: @autoclosure () throws -> CurrencyConversion) throws {
        let ids = try db.fetchAll(sql: "SELECT project_id FROM statistics_stale ORDER BY project_id") { try $0[0] as Int64 }
        guard !ids.isEmpty else { return }
        let conversion = try conversion()
        let statuses = try StatisticsRefresh.statusRules(db)
        let store = try StatisticsPeriodStore(db: db)
        for id in ids {
            let current = try StatisticsRefresh.facts(of: id, conversion: conversion, statuses: statuses, in: db).periods()
            periods[id] = (try store.periods(of: id), current)
        }
    }

    var isEmpty: Bool { periods.isEmpty }

    /// Whether the project is stale.
    func contains(_ projectID: Int64) -> Bool { periods[projectID] != nil }

    /// The period in force on `day` of a list in date order.
    static func period(in periods: [StatisticsPeriod], on day: String) -> StatisticsPeriod? {
        guard let index = ProjectFacts.lastIndex(in: periods, onOrBefore: day, date: \.validFrom) else { return nil }
        return periods[index].validUntil > day ? periods[index] : nil
    }

    /// The current state of a stale project on `day`.
    func currentState(of projectID: Int64, on day: String) -> StatisticsPeriod.State? {
        periods[projectID].flatMap { Self.period(in: $0.current, on: day)?.state }
    }

    /// Replaces, in `sums`, what the stale projects' stored periods contribute
    /// on `day` (per group of `dimension`, or to the whole portfolio) by what
    /// their current periods contribute.
    ///
    /// - Throws: ``MoneyError/overflow`` when a sum does not fit 64 bits.
    func correct(_ sums: inout FactSums, by dimension: StatisticsDimension?, on day: String) throws {
        for (stored, current) in periods.values {
            if let old = Self.period(in: stored, on: day) {
                try sums.add(old.state, groups: dimension?.groupValues(of: old.state) ?? [.null], sign: -1)
            }
            if let new = Self.period(in: current, on: day) {
                try sums.add(new.state, groups: dimension?.groupValues(of: new.state) ?? [.null], sign: 1)
            }
        }
    }

    /// Replaces, in `sums`, the time-series activity of the stale projects'
    /// stored periods that started on or before `day` by that of their current ones.
    func correctActivity(_ sums: inout FactSums, on day: String) {
        for (stored, current) in periods.values {
            for period in stored where period.validFrom <= day { sums.addActivity(of: period, sign: -1) }
            for period in current where period.validFrom <= day { sums.addActivity(of: period, sign: 1) }
        }
    }
}
