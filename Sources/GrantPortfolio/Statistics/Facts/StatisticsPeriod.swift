/// One stored row of `statistics_period` (with its money): a stretch of days
/// during which the facts of one project stay the same, as ``ProjectFacts``
/// works them out.
///
/// The period runs from ``validFrom`` (included) to ``validUntil``
/// (excluded; ``openEnd`` while it lasts). Its ``state`` is the project as of
/// any day in it; its ``activity`` is what starts counting in the time series
/// on ``validFrom`` and goes on counting for ever after.
struct StatisticsPeriod: Equatable {
    /// The `valid_until` of a period still in force: after every date,
    /// 9999-12-31 included (which a history may use).
    static let openEnd = "9999-99-99"

    var projectID: Int64
    var validFrom: String
    var validUntil: String
    var state: State
    var activity: Activity

    /// The project as the statistics see it on a day of the period.
    struct State: Equatable {
        var outcome: ProjectOutcome
        /// The status of the deciding application.
        var status: String
        /// The deciding application.
        var applicationID: Int64
        /// The funding source of the deciding application.
        var fundingSourceID: Int64
        /// The year of the first submission on or before the day.
        var submittedYear: Int?
        /// The year of the first approval, else of the rejection in force.
        var decidedYear: Int?
        /// The money that counts, per kind, currency and rate.
        var money: [MoneyKey: MoneySum]
        /// The project's theme ids, sorted.
        var themes: [Int64] = []
        /// The countries of the partners, donor-state partners and hosts of
        /// its applications that have a status, sorted.
        var countries: [String] = []

        var isUnderEvaluation: Bool { status == "under_evaluation" }

        /// Whether some kind has figures in more than one currency or rate, so
        /// that the money goes to `statistics_period_money`, not inline.
        var moneyIsSplit: Bool {
            var kinds = Set<MoneyFigure.Kind>()
            for key in money.keys where !kinds.insert(key.kind).inserted { return true }
            return false
        }
    }

    /// What the money of a period is summed by.
    struct MoneyKey: Hashable {
        var kind: MoneyFigure.Kind
        var currency: String
        /// The `exchange_rate` id used into EUR; 0 for EUR itself, -1 for none.
        var rateID: Int64
    }

    /// Sums of figures (minor units of the currency; converted: EUR cents).
    struct MoneySum: Equatable {
        var amount: Int64 = 0
        var converted: Int64 = 0
        var figures: Int64 = 0
    }

    /// The time-series activity that starts counting on the first day.
    struct Activity: Equatable {
        /// Applications submitted (counted under the year of their submission,
        /// which is that of the period's first day)…
        var submitted = 0
        /// … and the years of those submitted in another year.
        var submittedOtherYears: [Int] = []
        /// Applications first approved that day.
        var approved = 0
        /// Rejection events that day.
        var rejected = 0
        /// Whether the project was first approved that day.
        var projectApproved = false

        var isEmpty: Bool { self == Activity() }
    }
}

extension StatisticsPeriod.State {
    /// The four time-series measures, as stored in `statistics_activity_change`.
    static let activityMeasures = ["submitted", "approved", "rejected", "projects_approved"]
}

extension MoneyFigure.Kind {
    /// The three kinds the statistics sum.
    static let statistical: [MoneyFigure.Kind] = [.totalCost, .requested, .awarded]
}
