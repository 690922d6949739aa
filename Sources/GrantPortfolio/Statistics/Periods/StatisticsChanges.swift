import SQLiteCore

/// The daily changes that periods make to the headline and the time series,
/// summed in memory and written to `statistics_change` and
/// `statistics_activity_change` at the end of a refresh.
///
/// A period adds its project (and its money) to the headline on its first
/// day and takes it away on its last; its activity counts from its first day
/// on. Removing a period adds the same with the opposite sign.
struct StatisticsChanges {
    private struct HeadlineKey: Hashable {
        var day: String
        var outcome: ProjectOutcome
        var underEvaluation: Bool
        /// "" for the project count; else the money kind, currency and rate.
        var kind: String
        var currency: String
        var rateID: Int64
    }

    private struct HeadlineDelta {
        var projects: Int64 = 0
        var amount: Int64 = 0
        var converted: Int64 = 0
        var figures: Int64 = 0
    }

    private struct ActivityKey: Hashable {
        var day: String
        var year: Int
        var measure: String
    }

    private var headline: [HeadlineKey: HeadlineDelta] = [:]
    private var activity: [ActivityKey: Int64] = [:]

    var isEmpty: Bool { headline.isEmpty && activity.isEmpty }

    /// Adds (`sign` 1) or removes (`sign` -1) a period's contributions.
    mutating func record(_ period: StatisticsPeriod, sign: Int64) {
        let state = period.state
        func change(on day: String, _ sign: Int64) {
            let countKey = HeadlineKey(
                day: day, outcome: state.outcome, underEvaluation: state.isUnderEvaluation, kind: "", currency: "", rateID: 0)
            headline[countKey, default: HeadlineDelta()].projects += sign
            for (key, sum) in state.money {
                let moneyKey = HeadlineKey(
                    day: day, outcome: state.outcome, underEvaluation: state.isUnderEvaluation,
                    kind: key.kind.rawValue, currency: key.currency, rateID: key.rateID)
                // Wrapping arithmetic: the deltas of one key cancel out, and
                // SQLite's sum() reports a real overflow when reading.
                headline[moneyKey, default: HeadlineDelta()].amount &+= sign &* sum.amount
                headline[moneyKey, default: HeadlineDelta()].converted &+= sign &* sum.converted
                headline[moneyKey, default: HeadlineDelta()].figures += sign * sum.figures
            }
        }
        change(on: period.validFrom, sign)
        if period.validUntil != StatisticsPeriod.openEnd { change(on: period.validUntil, -sign) }

        let year = ProjectTimeline.year(period.validFrom)
        func count(_ measure: String, _ value: Int, year: Int) {
            guard value != 0 else { return }
            activity[ActivityKey(day: period.validFrom, year: year, measure: measure), default: 0] += sign * Int64(value)
        }
        count("submitted", period.activity.submitted, year: year)
        for other in period.activity.submittedOtherYears { count("submitted", 1, year: other) }
        count("approved", period.activity.approved, year: year)
        count("rejected", period.activity.rejected, year: year)
        count("projects_approved", period.activity.projectApproved ? 1 : 0, year: year)
    }

    /// Adds the sums to the tables, dropping rows that come back to zero.
    func write(to db: Connection) throws {
        for (key, delta) in headline where delta.projects != 0 || delta.amount != 0 || delta.converted != 0 || delta.figures != 0 {
            let outcome = key.outcome.rawValue, underEvaluation = key.underEvaluation ? 1 : 0
            try db.execute(
                sql: """
                    INSERT INTO statistics_change
                        (day, outcome, under_evaluation, kind, currency, rate_id, projects, amount_minor, converted_minor, figures)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT DO UPDATE SET projects = projects + excluded.projects,
                        amount_minor = amount_minor + excluded.amount_minor,
                        converted_minor = converted_minor + excluded.converted_minor,
                        figures = figures + excluded.figures
                    """,
                binding: key.day, outcome, underEvaluation, key.kind, key.currency, key.rateID,
                delta.projects, delta.amount, delta.converted, delta.figures)
            try db.execute(
                sql: """
                    DELETE FROM statistics_change
                    WHERE day = ? AND outcome = ? AND under_evaluation = ? AND kind = ? AND currency = ? AND rate_id = ?
                      AND projects = 0 AND amount_minor = 0 AND converted_minor = 0 AND figures = 0
                    """,
                binding: key.day, outcome, underEvaluation, key.kind, key.currency, key.rateID)
        }
        for (key, count) in activity where count != 0 {
            try db.execute(
                sql: """
                    INSERT INTO statistics_activity_change (day, year, measure, count) VALUES (?, ?, ?, ?)
                    ON CONFLICT DO UPDATE SET count = count + excluded.count
                    """,
                binding: key.day, key.year, key.measure, count)
            try db.execute(
                sql: "DELETE FROM statistics_activity_change WHERE day = ? AND year = ? AND measure = ? AND count = 0",
                binding: key.day, key.year, key.measure)
        }
    }
}
