import GrantPortfolio

/// A seeded random portfolio for the equivalence tests: histories that follow
/// the built-in transitions and two statuses of the user's own, same-day
/// events, revised figures in EUR, LVL and NOK with value dates, submission
/// dates before, on or after the first event, themes, partner and host
/// organisations with countries (and one without), and projects with no
/// application. Grown from the `RandomPortfolio` of `PeriodStatisticsTests`.
///
/// The exchange rates, besides the built-in LVL→EUR (from 1993) and EUR→LVL
/// (from 2014), depend on ``Rates``.
struct SeededPortfolio {
    /// Which NOK rates the portfolio stores.
    enum Rates: String, CustomStringConvertible, Sendable {
        /// NOK→EUR from 2006-01-01 (NOK figures convert into EUR directly from
        /// then on), and EUR→NOK from 2007-01-01.
        case direct
        /// EUR→NOK only, from 2006-06-01 (NOK figures convert into EUR inversely
        /// only), and LVL→DKK, DKK→NOK from 2012-01-01 (DKK sorts before EUR, so
        /// from then on it is the pivot between LVL and NOK).
        case inverse

        var description: String { rawValue }
    }

    var seed: UInt64
    var projects: Int
    var rates: Rates

    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    /// Days since 2005-01-01 on a calendar of 28-day months, always valid.
    static func date(_ day: Int) -> CalendarDate {
        let year = 2005 + day / (12 * 28), month = 1 + (day / 28) % 12, dayOfMonth = 1 + day % 28
        return try! CalendarDate(year: year, month: month, day: dayOfMonth)
    }

    /// A status of the user's own in the pending phase.
    static let shortlisted: StatusCode = "shortlisted"
    /// A status of the user's own with no outcome, outside the pending and preparation phases.
    static let onHold: StatusCode = "on_hold"

    static let next: [StatusCode: [StatusCode]] = [
        .draft: [.submitted, .withdrawn],
        .submitted: [.underEvaluation, .approved, .rejected, .withdrawn],
        .underEvaluation: [.approved, .rejected, .withdrawn, shortlisted],
        shortlisted: [.approved, .rejected, onHold],
        onHold: [.approved, .rejected, .withdrawn],
        .approved: [.inImplementation, .withdrawn, .terminated],
        .rejected: [.underEvaluation],
        .inImplementation: [.completed, .suspended, .terminated],
        .suspended: [.inImplementation, .terminated],
        .completed: [.closed],
    ]

    static let partners: [(handle: String, country: String?)] = [
        ("lt-partner", "LT"), ("ee-partner", "EE"), ("no-host", "NO"), ("lv-partner", "LV"), ("no-country", nil),
    ]

    static let themes: [Theme.Key] = [
        Theme.Key(vocabulary: "t", code: "a"), Theme.Key(vocabulary: "t", code: "b"),
        Theme.Key(vocabulary: "t", code: "c"), Theme.Key(vocabulary: "u", code: "a"),
    ]

    func build(_ portfolio: Portfolio) throws {
        var random = Generator(state: seed)
        try portfolio.organisations.create(Organisation(handle: "owner", name: "Owner", country: "LV"))
        for partner in Self.partners {
            try portfolio.organisations.create(Organisation(
                handle: partner.handle, name: "Organisation \(partner.handle)", country: partner.country))
        }
        for theme in Self.themes {
            try portfolio.themes.create(Theme(
                vocabulary: theme.vocabulary, code: theme.code, title: "Theme \(theme.vocabulary) \(theme.code)"))
        }
        try portfolio.statuses.add(Status(
            code: Self.shortlisted, label: "Shortlisted", phase: .pending, outcome: .none, sortOrder: 35))
        try portfolio.statuses.add(Status(code: Self.onHold, label: "On hold", phase: .decided, outcome: .none, sortOrder: 45))
        for (from, targets) in Self.next {
            for to in targets where from == Self.shortlisted || from == Self.onHold || to == Self.shortlisted {
                try portfolio.statuses.allowTransition(from: from, to: to)
            }
        }
        try addRates(portfolio)

        let sources = ["d1", "d1/p1", "d1/p1/c1", "d1/p1/c2", "d1/p2", "d2", "d2/c1"]
        for handle in sources {
            let parent = handle.split(separator: "/").dropLast().joined(separator: "/")
            try portfolio.fundingSources.create(FundingSource(
                handle: handle, kind: parent.isEmpty ? .donor : .programme, title: "Source \(handle)",
                parent: parent.isEmpty ? nil : parent))
        }
        let currencies: [Currency] = [.eur, .lvl, .nok]
        for number in 1...projects {
            let reference = "R-\(number)"
            var themes: [Theme.Key] = []
            for theme in Self.themes where random.below(4) == 0 { themes.append(theme) }
            try portfolio.projects.create(Project(
                reference: reference, title: "Project \(number)", owner: "owner", themes: themes))
            // One project in eight has no application.
            let applications = random.below(8) == 0 ? 0 : 1 + random.below(3)
            for _ in 0..<applications {
                var day = random.below(12 * 12 * 28)
                var history: [StatusEvent] = []
                var status: StatusCode = [StatusCode.draft, .submitted, .approved][random.below(3)]
                for _ in 0..<(1 + random.below(6)) {
                    history.append(StatusEvent(status: status, effectiveOn: Self.date(day)))
                    guard let choices = Self.next[status] else { break }
                    status = choices[random.below(choices.count)]
                    day += [0, 1, 30, 200, 400][random.below(5)]
                }
                let submittedOn: CalendarDate? = switch random.below(4) {
                case 0: nil
                case 1: Self.date(max(0, day - 900))  // before the history, maybe another year
                default: history.first { $0.status == .submitted }?.effectiveOn ?? history.first?.effectiveOn
                }
                var money: [MoneyFigure] = []
                for kind in [MoneyFigure.Kind.totalCost, .requested, .awarded, .eligibleCost] where random.below(4) != 0 {
                    var setDay = random.below(12 * 12 * 28)
                    for _ in 0..<(1 + random.below(3)) {
                        let amount = Money(
                            minorUnits: Int64(random.below(50_000_000)), currency: currencies[random.below(currencies.count)])
                        money.append(MoneyFigure(
                            kind: kind, amount: amount,
                            valueDate: random.below(3) == 0 ? Self.date(random.below(12 * 12 * 28)) : nil,
                            setOn: Self.date(setDay)))
                        setDay += 1 + random.below(500)
                    }
                }
                var participants = [Participation(organisation: "owner", role: .leadApplicant)]
                let roles: [Participation.Role] = [.partner, .donorPartner, .host, .funder]
                for partner in Self.partners where random.below(4) == 0 {
                    participants.append(Participation(organisation: partner.handle, role: roles[random.below(roles.count)]))
                }
                _ = try portfolio.applications.create(Application(
                    project: reference, fundingSource: sources[random.below(sources.count)], submittedOn: submittedOn,
                    currency: "EUR", participants: participants, statusHistory: history, money: money))
            }
        }
    }

    private func addRates(_ portfolio: Portfolio) throws {
        func rate(_ from: String, _ to: String, _ numerator: Int64, _ denominator: Int64, _ validFrom: String) throws {
            try portfolio.currencies.add(ExchangeRate(
                from: from, to: to, numerator: numerator, denominator: denominator,
                validFrom: try CalendarDate(validFrom), source: "seeded test rate"))
        }
        switch rates {
        case .direct:
            try rate("NOK", "EUR", 1, 8, "2006-01-01")
            try rate("NOK", "EUR", 10, 79, "2010-06-01")
            try rate("NOK", "EUR", 100, 1_117, "2014-03-01")
            try rate("EUR", "NOK", 803, 100, "2007-01-01")
            try rate("EUR", "NOK", 7_777, 1_000, "2012-01-01")
        case .inverse:
            try rate("EUR", "NOK", 81, 10, "2006-06-01")
            try rate("EUR", "NOK", 7_913, 1_000, "2011-01-01")
            try rate("EUR", "NOK", 11_613, 1_000, "2015-07-01")
            try rate("LVL", "DKK", 1_061, 100, "2012-01-01")
            try rate("DKK", "NOK", 113, 100, "2012-01-01")
        }
    }
}
