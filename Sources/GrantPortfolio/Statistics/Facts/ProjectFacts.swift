/// The one definition of the statistics' rules: works out the facts of one
/// project over time (``StatisticsPeriod``s) from its applications' status
/// histories, money figures, partners and themes.
///
/// Everything the statistics say of a project as of a date D follows from
/// these rules (``PortfolioStatistics`` states them for readers):
///
/// - an application's status on D is its latest event dated on or before D
///   (ties: the later recorded); an application whose history starts later
///   does not exist yet;
/// - the project is **approved** when an application reached a status whose
///   outcome is approved on or before D; otherwise the best of its
///   applications' statuses decides: pending, then preparation, rejected,
///   withdrawn, else none (``StatusRule/rank``);
/// - its **deciding application**: one that reached approval, else the one
///   with the best rank, then status sort order, latest event, highest id;
/// - its **money**: of the applications that reached approval, or when none
///   did, of the deciding one, per kind the figure set latest on or before D;
/// - its **years**: of the first submission on or before D, and of the first
///   approval, else of the rejection in force;
/// - its **partner countries**: of the partners, donor-state partners and
///   hosts of its applications that have a status on D.
///
/// The rules are applied on every day something of the project changes: an
/// event takes effect, a figure is set, an application is submitted. Between
/// two such days nothing the statistics read can change, so the project's
/// facts as of any date are those of the period that contains it. The tests
/// check the stored facts against an independent replay of the histories in
/// SQL (`Tests/GrantPortfolioTests/StatisticsTests/Reference`).
///
/// Dates are `YYYY-MM-DD` text throughout, which sorts as dates do.
struct ProjectFacts {
    /// A status as the rules need it.
    struct StatusRule {
        var phase: Status.Phase
        var outcome: Status.Outcome
        var sortOrder: Int64

        /// How strongly a status decides a project that no approval decided:
        /// pending 5, preparation 4, rejected 3, withdrawn 2, other 1.
        var rank: Int {
            switch (phase, outcome) {
            case (.pending, _): 5
            case (.preparation, _): 4
            case (_, .rejected): 3
            case (_, .withdrawn): 2
            default: 1
            }
        }

        /// The project outcome this status gives a project it decides that no
        /// approval decided.
        var projectOutcome: ProjectOutcome {
            switch rank {
            case 5: .pending
            case 4: .preparation
            case 3: .rejected
            case 2: .withdrawn
            default: .none
            }
        }
    }

    /// One application that has at least one status event.
    struct ApplicationHistory {
        var id: Int64
        var fundingSourceID: Int64
        var submittedOn: String?
        /// The countries of its partners, donor-state partners and hosts, sorted.
        var countries: [String] = []
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
        /// The stored rates used into EUR (``CurrencyConversion/Conversion/rateKey``):
        /// 0 for EUR itself, -1 when it cannot be converted.
        var rateID: Int64
        /// In EUR cents.
        var converted: Int64
        /// The date its rate is taken on: its value date, else its set-on date.
        var rateDate: String
    }

    /// A figure that counts for the project on a day.
    struct CountedFigure {
        var applicationID: Int64
        var kind: MoneyFigure.Kind
        var figure: Figure
    }

    let projectID: Int64
    let applications: [ApplicationHistory]
    let statuses: [String: StatusRule]
    /// The project's theme ids, sorted.
    let themes: [Int64]
    /// Per application, the date of its first event whose status' outcome is approved.
    private let firstApprovals: [String?]

    init(projectID: Int64, applications: [ApplicationHistory], statuses: [String: StatusRule], themes: [Int64] = []) {
        self.projectID = projectID
        self.applications = applications
        self.statuses = statuses
        self.themes = themes
        firstApprovals = applications.map { application in
            application.events.first { statuses[$0.status]?.outcome == .approved }?.on
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
    ///
    /// - Throws: ``MoneyError/overflow`` when a sum of its money does not fit 64 bits.
    func periods() throws -> [StatisticsPeriod] {
        try periods(since: nil, after: nil)
    }

    /// The periods from `since` on, when nothing dated before `since` has
    /// changed since `previous` (the stored period in force the day before
    /// `since`, if any) was worked out: `previous` first, its end worked out
    /// again, then every later period; with `since` nil, every period.
    ///
    /// The facts on a day follow from what is dated on or before it, so the
    /// periods that start before `since` are those of ``periods()``; only the
    /// end of the last of them depends on the days from `since` on.
    ///
    /// - Throws: ``MoneyError/overflow`` when a sum of its money does not fit 64 bits.
    func periods(since: String?, after previous: StatisticsPeriod?) throws -> [StatisticsPeriod] {
        var days = Set<String>()
        func insert(_ day: String) {
            if let since, day < since { return }
            days.insert(day)
        }
        for application in applications {
            for event in application.events { insert(event.on) }
            for figures in application.figures.values { for figure in figures { insert(figure.setOn) } }
            if let submittedOn = application.submittedOn { insert(submittedOn) }
        }
        let activities = activities(since: since)
        var periods: [StatisticsPeriod] = []
        if var previous {
            previous.validUntil = StatisticsPeriod.openEnd
            periods.append(previous)
        }
        for day in days.sorted() {
            guard let state = try state(on: day) else { continue }
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
    ///
    /// - Throws: ``MoneyError/overflow`` when a sum of its money does not fit 64 bits.
    func state(on day: String) throws -> StatisticsPeriod.State? {
        let standings = applications.indices.compactMap { standing(of: $0, on: day) }
        guard var deciding = standings.first else { return nil }
        for standing in standings.dropFirst() where Self.decidesBefore(standing, deciding) { deciding = standing }

        let firstApproval = standings.compactMap(\.approvedOn).min()
        let outcome = firstApproval != nil ? ProjectOutcome.approved : deciding.rule.projectOutcome
        let firstSubmission = standings.compactMap { $0.application.submittedOn }.filter { $0 <= day }.min()
        let decidedOn = firstApproval ?? (deciding.rule.projectOutcome == .rejected ? deciding.statusOn : nil)
        let countries = Set(standings.flatMap(\.application.countries)).sorted()

        var money: [StatisticsPeriod.MoneyKey: StatisticsPeriod.MoneySum] = [:]
        for counted in Self.countedFigures(standings: standings, deciding: deciding, on: day) {
            let key = StatisticsPeriod.MoneyKey(kind: counted.kind, currency: counted.figure.currency, rateID: counted.figure.rateID)
            try money[key, default: StatisticsPeriod.MoneySum()].add(counted.figure)
        }
        return StatisticsPeriod.State(
            outcome: outcome, status: deciding.status, applicationID: deciding.application.id,
            fundingSourceID: deciding.application.fundingSourceID,
            submittedYear: firstSubmission.map(Self.year), decidedYear: decidedOn.map(Self.year), money: money,
            themes: themes, countries: countries)
    }

    /// The figures that count for the project on `day`: of the applications
    /// that reached approval, or when none did, of the deciding one, per kind
    /// the figure set latest on or before the day.
    func countedFigures(on day: String) -> [CountedFigure] {
        let standings = applications.indices.compactMap { standing(of: $0, on: day) }
        guard var deciding = standings.first else { return [] }
        for standing in standings.dropFirst() where Self.decidesBefore(standing, deciding) { deciding = standing }
        return Self.countedFigures(standings: standings, deciding: deciding, on: day)
    }

    private static func countedFigures(standings: [Standing], deciding: Standing, on day: String) -> [CountedFigure] {
        var counted: [CountedFigure] = []
        for standing in standings where standing.approvedOn != nil || standing.application.id == deciding.application.id {
            for kind in MoneyFigure.Kind.statistical {
                guard let figures = standing.application.figures[kind],
                      let latest = lastIndex(in: figures, onOrBefore: day, date: \.setOn)
                else { continue }
                counted.append(CountedFigure(applicationID: standing.application.id, kind: kind, figure: figures[latest]))
            }
        }
        return counted
    }

    /// The time-series activity that starts counting, by day: on every day,
    /// or on the days from `since` on.
    func activities(since: String? = nil) -> [String: StatisticsPeriod.Activity] {
        var activities: [String: StatisticsPeriod.Activity] = [:]
        func update(_ day: String, _ change: (inout StatisticsPeriod.Activity) -> Void) {
            if let since, day < since { return }
            change(&activities[day, default: StatisticsPeriod.Activity()])
        }
        for (index, application) in applications.enumerated() {
            guard let firstEvent = application.events.first?.on else { continue }
            if let submittedOn = application.submittedOn {
                let day = max(submittedOn, firstEvent)
                if Self.year(submittedOn) == Self.year(day) {
                    update(day) { $0.submitted += 1 }
                } else {
                    update(day) { $0.submittedOtherYears.append(Self.year(submittedOn)) }
                }
            }
            if let approvedOn = firstApprovals[index] { update(approvedOn) { $0.approved += 1 } }
            // Events are in date order: those before `since` are passed by a binary search.
            var from = 0
            if let since {
                var high = application.events.count
                while from < high {
                    let middle = (from + high) / 2
                    if application.events[middle].on < since { from = middle + 1 } else { high = middle }
                }
            }
            for event in application.events[from...] where statuses[event.status]?.outcome == .rejected {
                update(event.on) { $0.rejected += 1 }
            }
        }
        if let first = firstApprovals.compactMap({ $0 }).min() {
            update(first) { $0.projectApproved = true }
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
    /// Adds a figure.
    ///
    /// - Throws: ``MoneyError/overflow`` when a sum would not fit 64 bits.
    mutating func add(_ figure: ProjectFacts.Figure) throws {
        let (amount, amountOverflow) = self.amount.addingReportingOverflow(figure.amount)
        let (converted, convertedOverflow) = self.converted.addingReportingOverflow(figure.converted)
        if amountOverflow || convertedOverflow { throw MoneyError.overflow }
        self.amount = amount
        self.converted = converted
        figures += 1
    }
}

extension CurrencyConversion {
    /// A figure as the facts keep it: with its conversion into EUR, the
    /// currency the stored facts sum in; rate key 0 for EUR itself, -1 when it
    /// cannot be converted.
    func euroFigure(setOn: String, currency: String, amount: Int64, rateDate: String) -> ProjectFacts.Figure {
        guard let conversion = convert(amount, of: currency, into: .eur, on: rateDate) else {
            return ProjectFacts.Figure(
                setOn: setOn, currency: currency, amount: amount, rateID: -1, converted: 0, rateDate: rateDate)
        }
        return ProjectFacts.Figure(
            setOn: setOn, currency: currency, amount: amount, rateID: conversion.rateKey,
            converted: conversion.amount.minorUnits, rateDate: rateDate)
    }
}
