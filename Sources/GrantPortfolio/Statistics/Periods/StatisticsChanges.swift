import SQLiteCore

/// The changes that periods make to the headline and the time series, per
/// month, summed in memory and written to `statistics_change` and
/// `statistics_activity_change` at the end of a refresh.
///
/// A period adds its project (and its money) to the headline in the month it
/// starts and takes it away in the month it ends; its activity counts from
/// the month it starts. Removing a period adds the same with the opposite
/// sign. (Within a month, ``PeriodStatistics`` reads the periods themselves.)
struct StatisticsChanges {
    private struct HeadlineKey: Hashable {
        /// `year * 100 + month`.
        var month: Int32
        var outcome: ProjectOutcome
        var underEvaluation: Bool
        /// nil for the project count; else the money kind, currency and rate.
        var kind: MoneyFigure.Kind?
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
        var month: Int32
        var year: Int32
        var measure: UInt8
    }

    private var headline: [HeadlineKey: HeadlineDelta] = [:]
    private var activity: [ActivityKey: Int64] = [:]

    /// `year * 100 + month` of a `YYYY-MM-DD` date.
    private static func month(_ date: String) -> Int32 {
        var value: Int32 = 0
        for (index, byte) in date.utf8.prefix(7).enumerated() where index != 4 { value = value * 10 + Int32(byte &- 48) }
        return value
    }

    /// Adds (`sign` 1) or removes (`sign` -1) a period's contributions.
    mutating func record(_ period: StatisticsPeriod, sign: Int64) {
        let state = period.state
        func change(in month: Int32, _ sign: Int64) {
            headline[HeadlineKey(
                month: month, outcome: state.outcome, underEvaluation: state.isUnderEvaluation, kind: nil, currency: "",
                rateID: 0), default: HeadlineDelta()].projects += sign
            for (key, sum) in state.money {
                let moneyKey = HeadlineKey(
                    month: month, outcome: state.outcome, underEvaluation: false, kind: key.kind, currency: key.currency,
                    rateID: key.rateID)
                // Wrapping arithmetic: the deltas of one key cancel out, and
                // SQLite's sum() reports a real overflow when reading.
                headline[moneyKey, default: HeadlineDelta()].amount &+= sign &* sum.amount
                headline[moneyKey, default: HeadlineDelta()].converted &+= sign &* sum.converted
                headline[moneyKey, default: HeadlineDelta()].figures += sign * sum.figures
            }
        }
        let start = Self.month(period.validFrom)
        change(in: start, sign)
        if period.validUntil != StatisticsPeriod.openEnd { change(in: Self.month(period.validUntil), -sign) }

        let year = Int32(ProjectTimeline.year(period.validFrom))
        let activity = period.activity
        func count(_ measure: Int, _ value: Int, year: Int32) {
            guard value != 0 else { return }
            self.activity[ActivityKey(month: start, year: year, measure: UInt8(measure)), default: 0] += sign * Int64(value)
        }
        count(0, activity.submitted, year: year)
        for other in activity.submittedOtherYears { count(0, 1, year: Int32(other)) }
        count(1, activity.approved, year: year)
        count(2, activity.rejected, year: year)
        count(3, activity.projectApproved ? 1 : 0, year: year)
    }

    /// Adds the sums to the tables. Rows that come back to zero stay: they
    /// change no sum, and there are at most a few per month.
    func write(to db: Connection) throws {
        func text(_ month: Int32) -> String {
            let digits = String(month + 1_000_000).dropFirst()  // six digits, YYYYMM
            return "\(digits.prefix(4))-\(digits.suffix(2))"
        }
        let addHeadline = try db.cachedStatement(sql: """
            INSERT INTO statistics_change (month, outcome, under_evaluation, kind, currency, rate_id,
                                           projects, amount_minor, converted_minor, figures)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO UPDATE SET projects = projects + excluded.projects,
                amount_minor = amount_minor + excluded.amount_minor,
                converted_minor = converted_minor + excluded.converted_minor,
                figures = figures + excluded.figures
            """)
        for (key, delta) in headline where delta.projects != 0 || delta.amount != 0 || delta.converted != 0 || delta.figures != 0 {
            try addHeadline.execute(
                binding: text(key.month), key.outcome.rawValue, key.underEvaluation ? 1 : 0, key.kind?.rawValue ?? "",
                key.currency, key.rateID, delta.projects, delta.amount, delta.converted, delta.figures)
        }
        let addActivity = try db.cachedStatement(sql: """
            INSERT INTO statistics_activity_change (month, year, measure, count) VALUES (?, ?, ?, ?)
            ON CONFLICT DO UPDATE SET count = count + excluded.count
            """)
        for (key, count) in activity where count != 0 {
            try addActivity.execute(
                binding: text(key.month), Int64(key.year), StatisticsPeriod.State.activityMeasures[Int(key.measure)], count)
        }
    }
}
