import SQLiteCore

/// Reads and writes projects' rows of `statistics_period` and
/// `statistics_period_money`, with statements prepared once per refresh.
struct StatisticsPeriodStore {
    private let db: Connection
    private let insertPeriod: Statement
    private let insertMoney: Statement
    private let deletePeriods: Statement
    private let deleteMoney: Statement

    init(db: Connection) throws {
        self.db = db
        insertPeriod = try db.cachedStatement(sql: """
            INSERT INTO statistics_period (
                project_id, valid_from, valid_until, outcome, status, application_id, funding_source_id,
                submitted_year, decided_year, money_split,
                total_cost_currency, total_cost_rate_id, total_cost_amount, total_cost_converted, total_cost_figures,
                requested_currency, requested_rate_id, requested_amount, requested_converted, requested_figures,
                awarded_currency, awarded_rate_id, awarded_amount, awarded_converted, awarded_figures,
                submitted, submitted_other_years, approved, rejected, projects_approved, themes, countries)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertMoney = try db.cachedStatement(sql: """
            INSERT INTO statistics_period_money
                (project_id, valid_from, kind, currency, rate_id, amount_minor, converted_minor, figures)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        deletePeriods = try db.cachedStatement(sql: "DELETE FROM statistics_period WHERE project_id = ? AND valid_from >= ?")
        deleteMoney = try db.cachedStatement(sql: "DELETE FROM statistics_period_money WHERE project_id = ? AND valid_from >= ?")
    }

    private static let inlineKinds: [(kind: MoneyFigure.Kind, column: String)] = [
        (.totalCost, "total_cost"), (.requested, "requested"), (.awarded, "awarded"),
    ]

    /// The project's stored periods: all of them, or with `since`, those
    /// from the one in force the day before `since` on (all of them when
    /// none is).
    ///
    /// - Throws: `SQLiteError` when the periods cannot be read.
    func periods(of projectID: Int64, since: String? = nil) throws -> [StatisticsPeriod] {
        // Periods follow one another without gaps, so the one in force the
        // day before `since` is the last that starts before it.
        var start = ""
        if let since, let previous = try db.fetchOne(
            sql: "SELECT max(valid_from) FROM statistics_period WHERE project_id = ? AND valid_from < ?",
            arguments: [projectID, since], decode: { try $0[0] as String? }) ?? nil
        {
            start = previous
        }
        var periods = try db.fetchAll(
            sql: """
                SELECT valid_from, valid_until, outcome, status, funding_source_id, submitted_year, decided_year,
                       total_cost_currency, total_cost_rate_id, total_cost_amount, total_cost_converted, total_cost_figures,
                       requested_currency, requested_rate_id, requested_amount, requested_converted, requested_figures,
                       awarded_currency, awarded_rate_id, awarded_amount, awarded_converted, awarded_figures,
                       submitted, submitted_other_years, approved, rejected, projects_approved,
                       application_id, themes, countries
                FROM statistics_period WHERE project_id = ? AND valid_from >= ? ORDER BY valid_from
                """,
            arguments: [projectID, start]
        ) { row in
            var money: [StatisticsPeriod.MoneyKey: StatisticsPeriod.MoneySum] = [:]
            for (index, inline) in Self.inlineKinds.enumerated() {
                let base = 7 + 5 * index
                guard let currency: String = try row[base] else { continue }
                money[StatisticsPeriod.MoneyKey(kind: inline.kind, currency: currency, rateID: try row[base + 1])] =
                    StatisticsPeriod.MoneySum(amount: try row[base + 2], converted: try row[base + 3], figures: try row[base + 4])
            }
            let otherYears: String? = try row[23]
            return StatisticsPeriod(
                projectID: projectID, validFrom: try row[0], validUntil: try row[1],
                state: StatisticsPeriod.State(
                    outcome: ProjectOutcome(rawValue: try row[2]) ?? .none, status: try row[3], applicationID: try row[27],
                    fundingSourceID: try row[4], submittedYear: try row[5], decidedYear: try row[6], money: money,
                    themes: Self.split(try row[28]).compactMap { Int64($0) }, countries: Self.split(try row[29])),
                activity: StatisticsPeriod.Activity(
                    submitted: try row[22], submittedOtherYears: Self.split(otherYears).compactMap { Int($0) },
                    approved: try row[24], rejected: try row[25], projectApproved: (try row[26] as Int) == 1))
        }
        let split = try db.fetchAll(
            sql: """
                SELECT valid_from, kind, currency, rate_id, amount_minor, converted_minor, figures
                FROM statistics_period_money WHERE project_id = ? AND valid_from >= ?
                """,
            arguments: [projectID, start]
        ) { row in
            (validFrom: try row[0] as String,
             key: StatisticsPeriod.MoneyKey(
                kind: MoneyFigure.Kind(rawValue: try row[1]) ?? .totalCost, currency: try row[2], rateID: try row[3]),
             sum: StatisticsPeriod.MoneySum(amount: try row[4], converted: try row[5], figures: try row[6]))
        }
        guard !split.isEmpty else { return periods }
        let indexes = Dictionary(periods.indices.map { (periods[$0].validFrom, $0) }, uniquingKeysWith: { first, _ in first })
        for money in split {
            guard let index = indexes[money.validFrom] else { continue }
            periods[index].state.money[money.key] = money.sum
        }
        return periods
    }

    /// The words of a space-separated list column.
    static func split(_ text: String?) -> [String] {
        text?.split(separator: " ").map(String.init) ?? []
    }

    /// A list as a space-separated column; NULL when empty.
    static func joined<Element>(_ elements: [Element]) -> String? {
        elements.isEmpty ? nil : elements.map { "\($0)" }.joined(separator: " ")
    }

    /// Deletes the project's periods that start on or after `day`.
    func delete(_ projectID: Int64, from day: String) throws {
        try deletePeriods.execute(binding: projectID, day)
        try deleteMoney.execute(binding: projectID, day)
    }

    /// Inserts a period (and its split money).
    func insert(_ period: StatisticsPeriod) throws {
        let state = period.state
        let split = state.moneyIsSplit
        var inline: [(currency: String?, rateID: Int64?, sum: StatisticsPeriod.MoneySum?)] =
            Array(repeating: (nil, nil, nil), count: 3)
        if !split {
            for (key, sum) in state.money {
                guard let index = Self.inlineKinds.firstIndex(where: { $0.kind == key.kind }) else { continue }
                inline[index] = (key.currency, key.rateID, sum)
            }
        }
        let otherYears = Self.joined(period.activity.submittedOtherYears)
        try insertPeriod.execute(
            binding: period.projectID, period.validFrom, period.validUntil, state.outcome.rawValue, state.status,
            state.applicationID, state.fundingSourceID, state.submittedYear, state.decidedYear, split ? 1 : 0,
            inline[0].currency, inline[0].rateID, inline[0].sum?.amount, inline[0].sum?.converted, inline[0].sum?.figures,
            inline[1].currency, inline[1].rateID, inline[1].sum?.amount, inline[1].sum?.converted, inline[1].sum?.figures,
            inline[2].currency, inline[2].rateID, inline[2].sum?.amount, inline[2].sum?.converted, inline[2].sum?.figures,
            period.activity.submitted, otherYears, period.activity.approved, period.activity.rejected,
            period.activity.projectApproved ? 1 : 0, Self.joined(state.themes), Self.joined(state.countries))
        guard split else { return }
        for (key, sum) in state.money {
            try insertMoney.execute(
                binding: period.projectID, period.validFrom, key.kind.rawValue, key.currency, key.rateID,
                sum.amount, sum.converted, sum.figures)
        }
    }
}
