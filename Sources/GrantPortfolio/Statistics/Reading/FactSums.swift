import SQLiteCore

/// What the stored facts contribute to the statistics as of a date, summed
/// per group of a dimension (or for the whole portfolio), outcome, and money
/// key; and the time series' activity per measure and year.
///
/// The readers fill it from the change tables and the periods
/// (``StoredFactsReader``), then correct it for stale projects
/// (``StaleProjects``), always with the same two operations: add a stored
/// change row, or add a period's state with a sign.
struct FactSums {
    /// What the figures are summed by.
    struct Key: Hashable {
        /// The value of the dimension (``StatisticsDimension/groupValues(of:)``);
        /// `.null` for the whole portfolio and the unassigned group.
        var group: SQLiteValue = .null
        var outcome: ProjectOutcome
        var underEvaluation = false
        /// nil for the project count.
        var kind: MoneyFigure.Kind?
        var currency = ""
        /// ``CurrencyConversion/Conversion/rateKey``: 0 for EUR, -1 for none.
        var rateKey: Int64 = 0
    }

    /// Projects, and money in minor units of the currency and in EUR cents.
    struct Sum {
        var projects: Int64 = 0
        var amount: Int64 = 0
        var converted: Int64 = 0
        var figures: Int64 = 0

        /// Adds `sign` × `other`.
        ///
        /// - Throws: ``MoneyError/overflow`` when a sum would not fit 64 bits.
        mutating func add(_ other: Sum, sign: Int64) throws {
            func checked(_ a: Int64, _ b: Int64) throws -> Int64 {
                let (product, productOverflow) = b.multipliedReportingOverflow(by: sign)
                let (result, overflow) = a.addingReportingOverflow(product)
                if overflow || productOverflow { throw MoneyError.overflow }
                return result
            }
            projects = try checked(projects, other.projects)
            amount = try checked(amount, other.amount)
            converted = try checked(converted, other.converted)
            figures = try checked(figures, other.figures)
        }
    }

    private(set) var sums: [Key: Sum] = [:]
    /// The time series: per measure (``StatisticsPeriod/State/activityMeasures``), per year.
    private(set) var activity: [String: [Int: Int]] = [:]

    /// Adds `sign` × `sum` under `key`.
    mutating func add(_ key: Key, _ sum: Sum, sign: Int64 = 1) throws {
        try sums[key, default: Sum()].add(sum, sign: sign)
    }

    /// Adds `sign` × `count` to a measure of the time series.
    mutating func addActivity(_ measure: String, year: Int, _ count: Int) {
        activity[measure, default: [:]][year, default: 0] += count
    }

    /// Adds a period's project and money with `sign` under each of `groups`.
    mutating func add(_ state: StatisticsPeriod.State, groups: [SQLiteValue], sign: Int64) throws {
        for group in groups {
            try add(
                Key(group: group, outcome: state.outcome, underEvaluation: state.isUnderEvaluation), Sum(projects: 1),
                sign: sign)
            for (key, money) in state.money {
                try add(
                    Key(group: group, outcome: state.outcome, kind: key.kind, currency: key.currency, rateKey: key.rateID),
                    Sum(amount: money.amount, converted: money.converted, figures: money.figures), sign: sign)
            }
        }
    }

    /// Adds the activity a period starts counting, with `sign`.
    mutating func addActivity(of period: StatisticsPeriod, sign: Int) {
        let year = ProjectFacts.year(period.validFrom)
        let activity = period.activity
        addActivity("submitted", year: year, sign * activity.submitted)
        for other in activity.submittedOtherYears { addActivity("submitted", year: other, sign) }
        addActivity("approved", year: year, sign * activity.approved)
        addActivity("rejected", year: year, sign * activity.rejected)
        addActivity("projects_approved", year: year, sign * (activity.projectApproved ? 1 : 0))
    }

    /// The project counts per group.
    func counts() -> [SQLiteValue: OutcomeCounts] {
        var counts: [SQLiteValue: OutcomeCounts] = [:]
        for (key, sum) in sums where key.kind == nil {
            counts[key.group, default: OutcomeCounts()].add(
                key.outcome, underEvaluation: key.underEvaluation, projects: Int(sum.projects))
        }
        return counts
    }

    /// The money keys with figures, per group.
    func money() -> [(key: Key, sum: Sum)] {
        sums.filter { $0.key.kind != nil && $0.value.figures != 0 }.map { (key: $0.key, sum: $0.value) }
    }

    /// The time series, from the first year with any activity to the last.
    func years() -> [YearActivity] {
        let rows = activity.flatMap { measure, years in
            years.filter { $0.value != 0 }.map { (year: $0.key, measure: measure, count: $0.value) }
        }
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
}

extension StatisticsDimension {
    /// The groups a project with `state` counts under: one value for a
    /// single-valued dimension (`.null`: the unassigned group), each of its
    /// values for a multi-valued one. A funding source's groups further up the
    /// tree are added by ``BreakdownGroups``.
    func groupValues(of state: StatisticsPeriod.State) -> [SQLiteValue] {
        switch self {
        case .status: [.text(state.status)]
        case .submissionYear: [state.submittedYear.map { .integer(Int64($0)) } ?? .null]
        case .decisionYear: [state.decidedYear.map { .integer(Int64($0)) } ?? .null]
        case .fundingSource: [.integer(state.fundingSourceID)]
        case .theme: state.themes.isEmpty ? [.null] : state.themes.map { .integer($0) }
        case .country: state.countries.isEmpty ? [.null] : state.countries.map { .text($0) }
        }
    }

    /// The name of the dimension in `statistics_breakdown_change`, and the
    /// column of `statistics_period` that holds its value.
    var storage: (name: String, column: String) {
        switch self {
        case .status: ("status", "status")
        case .submissionYear: ("year", "submitted_year")
        case .decisionYear: ("decision-year", "decided_year")
        case .fundingSource: ("source", "funding_source_id")
        case .theme: ("theme", "themes")
        case .country: ("country", "countries")
        }
    }
}

extension OutcomeCounts {
    /// Counts `projects` projects with this outcome.
    mutating func add(_ outcome: ProjectOutcome, underEvaluation: Bool, projects: Int) {
        developed += projects
        switch outcome {
        case .approved: approved += projects
        case .rejected: rejected += projects
        case .withdrawn: withdrawn += projects
        case .pending: pending += projects
        case .preparation: inPreparation += projects
        case .none: undetermined += projects
        }
        if underEvaluation { self.underEvaluation += projects }
    }
}
