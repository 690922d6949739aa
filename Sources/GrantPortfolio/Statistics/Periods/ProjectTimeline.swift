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
    /// Per application, the date of its first event whose status' outcome is approved.
    private let firstApprovals: [String?]

    init(projectID: Int64, applications: [ApplicationHistory], statuses: [String: StatusRule]) {
        self.projectID = projectID
        self.applications = applications
        self.statuses = statuses
        firstApprovals = applications.map { application in
            application.events.first { statuses[$0.status]?.outcome == "approved" }?.on
        }
    }

    /// The index of the last element dated on or before `day` in `elements`
    /// (in date order): a binary search, so that long histories stay cheap.
    static func lastIndex<Element>(in elements: [Element], onOrBefore day: String, date: (Element) -> String) -> Int? {
        var low = 0, high = elements.count
        while low < high {
            let middle = (low + high) / 2
            if date(elements[middle]) <= day { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : low - 1
    }

    /// The periods, in date order, with equal neighbours merged.
    func periods() -> [StatisticsPeriod] {
        var days = Set<String>()
        for application in applications {
            for event in application.events { days.insert(event.on) }
            for figures in application.figures.values { for figure in figures { days.insert(figure.setOn) } }
            if let submittedOn = application.submittedOn { days.insert(submittedOn) }
        }
        let activities = activities()
        var periods: [StatisticsPeriod] = []
        for day in days.sorted() {
            guard let state = state(on: day) else { continue }
            let activity = activities[day] ?? StatisticsPeriod.Activity()
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

    private func standing(of index: Int, on day: String) -> Standing? {
        let application = applications[index]
        guard let last = Self.lastIndex(in: application.events, onOrBefore: day, date: \.on) else { return nil }
        let event = application.events[last]
        // An unknown status (renamed with foreign keys off) drops the
        // application, as the SQL's join does.
        guard let rule = statuses[event.status] else { return nil }
        let approvedOn = firstApprovals[index].flatMap { $0 <= day ? $0 : nil }
        return Standing(application: application, status: event.status, statusOn: event.on, rule: rule, approvedOn: approvedOn)
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
        let standings = applications.indices.compactMap { standing(of: $0, on: day) }
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
                guard let figures = standing.application.figures[kind],
                      let latest = Self.lastIndex(in: figures, onOrBefore: day, date: \.setOn)
                else { continue }
                let figure = figures[latest]
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

    /// The time-series activity that starts counting, by day.
    func activities() -> [String: StatisticsPeriod.Activity] {
        var activities: [String: StatisticsPeriod.Activity] = [:]
        for (index, application) in applications.enumerated() {
            guard let firstEvent = application.events.first?.on else { continue }
            if let submittedOn = application.submittedOn {
                let day = max(submittedOn, firstEvent)
                if Self.year(submittedOn) == Self.year(day) {
                    activities[day, default: StatisticsPeriod.Activity()].submitted += 1
                } else {
                    activities[day, default: StatisticsPeriod.Activity()].submittedOtherYears.append(Self.year(submittedOn))
                }
            }
            if let approvedOn = firstApprovals[index] { activities[approvedOn, default: StatisticsPeriod.Activity()].approved += 1 }
            for event in application.events where statuses[event.status]?.outcome == "rejected" {
                activities[event.on, default: StatisticsPeriod.Activity()].rejected += 1
            }
        }
        if let first = firstApprovals.compactMap({ $0 }).min() {
            activities[first, default: StatisticsPeriod.Activity()].projectApproved = true
        }
        for day in activities.keys { activities[day]?.submittedOtherYears.sort() }
        return activities
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
