/// Works out the ``StatisticsPeriod``s of one project from its applications'
/// status histories and money figures.
///
/// The rules are those of ``StatisticsSQL`` (and of the views of
/// `Migrations/0003_statistics_views.sql`), applied on every day something of
/// the project changes: an event takes effect, a figure is set, an
/// application is submitted. Between two such days nothing the statistics read
/// can change, so the project's figures as of any date are those of the
/// period that contains it. A test checks both give the same statistics on
/// every such day of randomly made portfolios.
///
/// Dates are `YYYY-MM-DD` text throughout, which sorts as dates do.
struct ProjectTimeline {
    /// A status as the rules need it.
    struct StatusRule {
        var phase: String
        var outcome: String
        var sortOrder: Int64

        /// pending 5, preparation 4, rejected 3, withdrawn 2, other 1.
        var rank: Int {
            if phase == "pending" { return 5 }
            if phase == "preparation" { return 4 }
            if outcome == "rejected" { return 3 }
            if outcome == "withdrawn" { return 2 }
            return 1
        }
    }

    /// One application that has at least one status event.
    struct ApplicationHistory {
        var id: Int64
        var fundingSourceID: Int64
        var submittedOn: String?
        /// In order of (effective date, id): the last one dated on or before D
        /// is the status as of D.
        var events: [(status: String, on: String)] = []
        /// Per kind, the figures in order of their set-on date.
        var figures: [MoneyFigure.Kind: [Figure]] = [:]
    }

    /// A money figure, with its conversion into EUR worked out.
    struct Figure {
        var setOn: String
        var currency: String
        var amount: Int64
        var rateID: Int64
        var converted: Int64
    }

    let projectID: Int64
    let applications: [ApplicationHistory]
    let statuses: [String: StatusRule]

    /// The periods, in date order, with equal neighbours merged.
    func periods() -> [StatisticsPeriod] {
        var days = Set<String>()
        for application in applications {
            for event in application.events { days.insert(event.on) }
            for figures in application.figures.values { for figure in figures { days.insert(figure.setOn) } }
            if let submittedOn = application.submittedOn { days.insert(submittedOn) }
        }
        var periods: [StatisticsPeriod] = []
        for day in days.sorted() {
            guard let state = state(on: day) else { continue }
            let activity = activity(on: day)
            if let last = periods.last, last.state == state, activity.isEmpty { continue }
            if !periods.isEmpty { periods[periods.count - 1].validUntil = day }
            periods.append(StatisticsPeriod(
                projectID: projectID, validFrom: day, validUntil: StatisticsPeriod.openEnd, state: state, activity: activity))
        }
        return periods
    }

    // MARK: - As of a day

    /// An application with a status on the day.
    private struct Standing {
        var application: ApplicationHistory
        var status: String
        var statusOn: String
        var rule: StatusRule
        var approvedOn: String?
    }

    private func standing(of application: ApplicationHistory, on day: String) -> Standing? {
        guard let last = application.events.lastIndex(where: { $0.on <= day }) else { return nil }
        let event = application.events[last]
        let approval = application.events[...last].first { statuses[$0.status]?.outcome == "approved" }
        return Standing(
            application: application, status: event.status, statusOn: event.on,
            rule: statuses[event.status] ?? StatusRule(phase: "", outcome: "none", sortOrder: 0),
            approvedOn: approval?.on)
    }

    /// Whether `a` decides before `b`: reached approval, then rank, status sort
    /// order, latest event, highest id.
    private static func decidesBefore(_ a: Standing, _ b: Standing) -> Bool {
        let keyA = (a.approvedOn != nil ? 1 : 0, a.rule.rank, a.rule.sortOrder)
        let keyB = (b.approvedOn != nil ? 1 : 0, b.rule.rank, b.rule.sortOrder)
        if keyA != keyB { return keyA > keyB }
        if a.statusOn != b.statusOn { return a.statusOn > b.statusOn }
        return a.application.id > b.application.id
    }

    /// The project as of `day`, or nil when none of its applications has a status yet.
    func state(on day: String) -> StatisticsPeriod.State? {
        let standings = applications.compactMap { standing(of: $0, on: day) }
        guard var deciding = standings.first else { return nil }
        for standing in standings.dropFirst() where Self.decidesBefore(standing, deciding) { deciding = standing }

        let firstApproval = standings.compactMap(\.approvedOn).min()
        let outcome: ProjectOutcome
        if firstApproval != nil {
            outcome = .approved
        } else {
            switch deciding.rule.rank {
            case 5: outcome = .pending
            case 4: outcome = .preparation
            case 3: outcome = .rejected
            case 2: outcome = .withdrawn
            default: outcome = .none
            }
        }
        let firstSubmission = standings.compactMap { $0.application.submittedOn }.filter { $0 <= day }.min()
        let decidedOn = firstApproval ?? (deciding.rule.rank == 3 ? deciding.statusOn : nil)

        var money: [StatisticsPeriod.MoneyKey: StatisticsPeriod.MoneySum] = [:]
        var overflowed = false
        for standing in standings where standing.approvedOn != nil || standing.application.id == deciding.application.id {
            for kind in MoneyFigure.Kind.statistical {
                guard let figure = standing.application.figures[kind]?.last(where: { $0.setOn <= day }) else { continue }
                let key = StatisticsPeriod.MoneyKey(kind: kind, currency: figure.currency, rateID: figure.rateID)
                if !money[key, default: StatisticsPeriod.MoneySum()].add(figure) { overflowed = true }
            }
        }
        if overflowed {
            // Sums beyond 64 bits: recorded as unconvertible, so the statistics
            // replay the histories and report the overflow as they always did.
            var marked: [StatisticsPeriod.MoneyKey: StatisticsPeriod.MoneySum] = [:]
            for (key, sum) in money {
                let unconvertible = StatisticsPeriod.MoneyKey(kind: key.kind, currency: key.currency, rateID: -1)
                marked[unconvertible] = StatisticsPeriod.MoneySum(amount: 0, converted: 0, figures: sum.figures)
            }
            money = marked
        }
        return StatisticsPeriod.State(
            outcome: outcome, status: deciding.status, fundingSourceID: deciding.application.fundingSourceID,
            submittedYear: firstSubmission.map(Self.year), decidedYear: decidedOn.map(Self.year), money: money)
    }

    /// The time-series activity that starts counting on `day`.
    func activity(on day: String) -> StatisticsPeriod.Activity {
        var activity = StatisticsPeriod.Activity()
        var firstApproval: String?
        for application in applications {
            guard let firstEvent = application.events.first?.on else { continue }
            if let submittedOn = application.submittedOn, max(submittedOn, firstEvent) == day {
                if Self.year(submittedOn) == Self.year(day) {
                    activity.submitted += 1
                } else {
                    activity.submittedOtherYears.append(Self.year(submittedOn))
                }
            }
            let approvedOn = application.events.first { statuses[$0.status]?.outcome == "approved" }?.on
            if approvedOn == day { activity.approved += 1 }
            if let approvedOn, approvedOn < firstApproval ?? "~" { firstApproval = approvedOn }
            activity.rejected += application.events.filter { $0.on == day && statuses[$0.status]?.outcome == "rejected" }.count
        }
        activity.submittedOtherYears.sort()
        activity.projectApproved = firstApproval == day
        return activity
    }

    /// The year of a `YYYY-MM-DD` date.
    static func year(_ date: String) -> Int {
        var year = 0
        for byte in date.utf8.prefix(4) { year = year * 10 + Int(byte &- 48) }
        return year
    }
}

extension StatisticsPeriod.MoneySum {
    /// Adds a figure; false when a sum would not fit 64 bits.
    mutating func add(_ figure: ProjectTimeline.Figure) -> Bool {
        let (amount, amountOverflow) = self.amount.addingReportingOverflow(figure.amount)
        let (converted, convertedOverflow) = self.converted.addingReportingOverflow(figure.converted)
        self.amount = amount
        self.converted = converted
        figures += 1
        return !amountOverflow && !convertedOverflow
    }
}
