import SQLiteCore

/// The money figures that count on a day, one by one, for the readers that
/// need more than the stored sums: a reporting currency other than EUR
/// (each figure converted on its own), and the list of figures that cannot
/// be converted.
///
/// The stored facts say which projects have such money on the day; the
/// figures themselves are those ``ProjectFacts/countedFigures(on:)`` gives,
/// so the rule of which figures count stays in one place.
struct CountedMoney {
    /// A counted figure, converted into the target currency when it can be.
    struct Figure {
        var applicationID: Int64
        var kind: MoneyFigure.Kind
        var amount: Money
        var rateDate: String
        /// Its conversion into EUR as the facts keep it (-1: none).
        var euroRateKey: Int64
        /// In the target currency; nil when it cannot be converted.
        var converted: Money?
        /// The stored rates used.
        var rates: [ExchangeRate]
    }

    /// A project with money on the day.
    struct Project {
        var id: Int64
        var reference: String
        var state: StatisticsPeriod.State
        var figures: [Figure]
    }

    let db: Connection
    let day: String
    let stale: StaleProjects
    let conversion: CurrencyConversion
    let target: Currency

    init(db: Connection, day: String, stale: StaleProjects, conversion: CurrencyConversion, target: Currency = .eur) {
        self.db = db
        self.day = day
        self.stale = stale
        self.conversion = conversion
        self.target = target
    }

    /// The projects with money on the day: all of them (`rateKey` nil), or
    /// those with a figure whose EUR rate key is `rateKey` (-1: not convertible).
    ///
    /// - Throws: ``MoneyError/overflow`` when a project's money does not fit
    ///   64 bits; `SQLiteError` when the file cannot be read.
    func projects(withRateKey rateKey: Int64?) throws -> [Project] {
        let condition = rateKey == nil
            ? """
              (p.total_cost_currency IS NOT NULL OR p.requested_currency IS NOT NULL OR p.awarded_currency IS NOT NULL
               OR p.money_split = 1)
              """
            : """
              (p.total_cost_rate_id = :rate OR p.requested_rate_id = :rate OR p.awarded_rate_id = :rate
               OR (p.money_split = 1 AND EXISTS (SELECT 1 FROM statistics_period_money m
                   WHERE m.project_id = p.project_id AND m.valid_from = p.valid_from AND m.rate_id = :rate)))
              """
        var named: [String: SQLiteValue] = ["day": .text(day)]
        if let rateKey { named["rate"] = .integer(rateKey) }
        var ids = try db.fetchAll(
            sql: "SELECT p.project_id FROM statistics_period p WHERE p.valid_from <= :day AND p.valid_until > :day AND \(condition)",
            arguments: StatementArguments([], named: named)
        ) { try $0[0] as Int64 }.filter { !stale.contains($0) }
        for id in stale.periods.keys {
            guard let state = stale.currentState(of: id, on: day) else { continue }
            if state.money.keys.contains(where: { rateKey == nil || $0.rateID == rateKey }) { ids.append(id) }
        }
        let statuses = try StatisticsRefresh.statusRules(db)
        let reference = try db.cachedStatement(sql: "SELECT reference FROM project WHERE id = ?")
        var projects: [Project] = []
        for id in ids.sorted() {
            let facts = try StatisticsRefresh.facts(of: id, conversion: conversion, statuses: statuses, in: db)
            guard let state = try facts.state(on: day) else { continue }
            try reference.bind(values: id)
            defer { reference.reset() }
            guard try reference.step() else { continue }
            let figures = facts.countedFigures(on: day).compactMap { counted -> Figure? in
                guard let currency = conversion.currencies[counted.figure.currency] else { return nil }
                let result = conversion.convert(counted.figure.amount, of: currency.code, into: target, on: counted.figure.rateDate)
                return Figure(
                    applicationID: counted.applicationID, kind: counted.kind,
                    amount: Money(minorUnits: counted.figure.amount, currency: currency), rateDate: counted.figure.rateDate,
                    euroRateKey: counted.figure.rateID, converted: result?.amount,
                    rates: result?.legs.map(\.rate.rate) ?? [])
            }
            projects.append(Project(id: id, reference: try reference.row[0], state: state, figures: figures))
        }
        return projects
    }
}
