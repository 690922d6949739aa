import Foundation
import SQLiteCore
import Testing

@_spi(Benchmarks) @testable import GrantPortfolio

/// The statistics read from the periods kept at write time
/// (`Migrations/0006_statistics_periods.sql`) equal those replayed from the
/// histories, on every day anything changes, and stay so through writes.
@Suite("Statistics from kept periods")
struct PeriodStatisticsTests {
    static let dimensions = StatisticsDimension.allCases

    /// Days something takes effect, days before, and two far ones.
    static func days(of portfolio: Portfolio) throws -> [CalendarDate] {
        let texts = try portfolio.database.read { db in
            try String.fetchAll(db, sql: """
                SELECT effective_on FROM status_event UNION SELECT set_on FROM money_figure
                UNION SELECT submitted_on FROM application WHERE submitted_on IS NOT NULL
                UNION SELECT date(effective_on, '-1 day') FROM status_event
                UNION SELECT date(set_on, '-1 day') FROM money_figure
                UNION SELECT '2000-01-01' UNION SELECT '2030-01-01'
                """)
        }
        // At most about 40 of them, evenly spread, so the suite stays quick
        // (the replay takes a while each time).
        let stride = max(1, texts.count / 40)
        return texts.sorted().enumerated().filter { $0.offset % stride == 0 || $0.offset == texts.count - 1 }
            .map { CalendarDate.day($0.element) }
    }

    /// Compares both methods on every day; returns how many days the periods answered alone.
    @discardableResult
    static func expectEqual(_ portfolio: Portfolio, periodsAlone: Bool = false, _ label: String) throws -> Int {
        var alone = 0
        for day in try days(of: portfolio) {
            let options = StatisticsOptions(breakdowns: dimensions)
            let replayed = try portfolio.statistics(asOf: day, options: options, method: .replay)
            let automatic = try portfolio.statistics(asOf: day, options: options, method: .automatic)
            #expect(automatic == replayed, "\(label) as of \(day)")
            if periodsAlone {
                let fast = StatisticsOptions(breakdowns: [.status, .submissionYear, .decisionYear, .fundingSource])
                let fromPeriods = try portfolio.statistics(asOf: day, options: fast, method: .periods)
                #expect(fromPeriods == (try portfolio.statistics(asOf: day, options: fast, method: .replay)),
                        "\(label) as of \(day), periods alone")
                alone += 1
            }
        }
        return alone
    }

    @Test("the fixture: equal on every day, and the periods answer alone")
    func fixture() throws {
        let scratch = try TemporaryPortfolio(loadingFixture: true)
        let alone = try Self.expectEqual(scratch.portfolio, periodsAlone: true, "fixture")
        #expect(alone >= 30)
        let today = try scratch.portfolio.statistics(method: .periods)
        #expect(today.headline.hasPrefix("8 of 14 projects approved (57.1%) · approved budget 3,228,810.00 EUR · 4 under evaluation"))
    }

    @Test("the hand-made portfolio (an unconvertible NOK figure): equal on every day")
    func handMade() throws {
        let scratch = try TemporaryPortfolio()
        try StatisticsTestPortfolio.build(scratch.portfolio)
        try Self.expectEqual(scratch.portfolio, "hand-made")
        // While the NOK figure counts, the headline cannot come from the periods alone.
        #expect(throws: StatisticsMethodUnavailable.self) {
            try scratch.portfolio.statistics(asOf: .day("2010-01-01"), method: .periods)
        }
    }

    @Test("random portfolios: equal on every day", arguments: [1, 2, 3] as [UInt64])
    func random(seed: UInt64) throws {
        let scratch = try TemporaryPortfolio()
        try RandomPortfolio(seed: seed, projects: 25, currencies: ["EUR", "LVL"]).build(scratch.portfolio)
        let alone = try Self.expectEqual(scratch.portfolio, periodsAlone: true, "seed \(seed)")
        #expect(alone >= 30)
    }

    @Test("random portfolios with figures that cannot be converted: equal on every day")
    func randomUnconvertible() throws {
        let scratch = try TemporaryPortfolio()
        try RandomPortfolio(seed: 9, projects: 25, currencies: ["EUR", "LVL", "NOK"]).build(scratch.portfolio)
        try Self.expectEqual(scratch.portfolio, "with NOK")
    }

    @Test("writes through the library keep the periods up to date")
    func writes() throws {
        let scratch = try TemporaryPortfolio()
        let portfolio = scratch.portfolio
        try RandomPortfolio(seed: 5, projects: 12, currencies: ["EUR", "LVL"]).build(portfolio)
        let applications = try portfolio.database.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM application ORDER BY id")
        }.map { Application.ID($0) }

        // A new status event, on an application whose history allows it.
        var recorded = false
        for id in applications where !recorded {
            if (try? portfolio.applications.recordStatus(.withdrawn, on: .day("2029-01-01"), for: id)) != nil { recorded = true }
        }
        #expect(recorded)
        try Self.expectEqual(portfolio, periodsAlone: true, "after a new event")

        // A revised figure, a figure changed in place by SQL, a new rate into EUR.
        _ = try portfolio.applications.addMoneyFigure(
            MoneyFigure(kind: .totalCost, amount: try Money(parsing: "123456.78", currency: .lvl), setOn: .day("2012-02-02")),
            to: applications[0])
        try portfolio.database.write { db in
            try db.execute(sql: "UPDATE money_figure SET amount_minor = amount_minor + 101 WHERE id = (SELECT min(id) FROM money_figure)")
        }
        try portfolio.currencies.add(ExchangeRate(
            from: "LVL", to: "EUR", numerator: 3, denominator: 2, validFrom: .day("2011-06-01"), source: "test"))
        try Self.expectEqual(portfolio, periodsAlone: true, "after money changes")

        // Deletions.
        try portfolio.applications.delete(applications[1])
        let reference = try #require(try portfolio.database.read { db in
            try String.fetchOne(db, sql: "SELECT reference FROM project ORDER BY id DESC LIMIT 1")
        })
        try portfolio.projects.delete(reference: reference)
        try Self.expectEqual(portfolio, periodsAlone: true, "after deletions")
        let leftovers = try portfolio.database.read { db in
            try Int64.fetchOne(db, sql: """
                SELECT count(*) FROM statistics_period WHERE project_id NOT IN (SELECT id FROM project)
                """)
        }
        #expect(leftovers == 0)
    }

    @Test("a write from elsewhere leaves projects stale: replayed until the portfolio opens again")
    func writeFromElsewhere() throws {
        let scratch = try TemporaryPortfolio()
        try RandomPortfolio(seed: 6, projects: 10, currencies: ["EUR"]).build(scratch.portfolio)
        let before = try scratch.portfolio.statistics(asOf: .day("2030-01-01"), method: .periods)

        let other = try Connection(path: scratch.path)
        try other.execute(sql: "UPDATE money_figure SET amount_minor = amount_minor + 1")
        #expect(throws: StatisticsMethodUnavailable.self) {
            try scratch.portfolio.statistics(asOf: .day("2030-01-01"), method: .periods)
        }
        let replayed = try scratch.portfolio.statistics(asOf: .day("2030-01-01"), method: .replay)
        #expect(try scratch.portfolio.statistics(asOf: .day("2030-01-01")) == replayed)
        #expect(replayed != before)

        let reopened = try Portfolio(path: scratch.path)
        #expect(try reopened.statistics(asOf: .day("2030-01-01"), method: .periods) == replayed)
    }

    @Test("the refresh is part of the write: a write that fails leaves the periods as they were")
    func failedWrite() throws {
        let scratch = try TemporaryPortfolio(loadingFixture: true)
        let snapshot = try scratch.snapshot()
        #expect(throws: (any Error).self) {
            try scratch.portfolio.database.write { db in
                try db.execute(sql: "DELETE FROM application WHERE id = (SELECT min(id) FROM application)")
                throw CancellationError()
            }
        }
        #expect(try scratch.snapshot() == snapshot)
        let stale = try scratch.portfolio.database.read { db in try Int64.fetchOne(db, sql: "SELECT count(*) FROM statistics_stale") }
        #expect(stale == 0)
    }
}

extension PeriodStatisticsTests {
    /// A project with one application: `history`, one total cost `amount` (EUR cents) set on the first day.
    static func project(
        _ portfolio: Portfolio, _ reference: String, _ history: [(StatusCode, String)], amount: Int64 = 100_00
    ) throws {
        try portfolio.projects.create(Project(reference: reference, title: reference, owner: "owner"))
        _ = try portfolio.applications.create(Application(
            project: reference, fundingSource: "d1", currency: "EUR",
            participants: [Participation(organisation: "owner", role: .leadApplicant)],
            statusHistory: history.map { StatusEvent(status: $0.0, effectiveOn: .day($0.1)) },
            money: [MoneyFigure(
                kind: .totalCost, amount: Money(minorUnits: amount, currency: .eur), setOn: .day(history[0].1))]))
    }

    static func emptyPortfolio() throws -> TemporaryPortfolio {
        let scratch = try TemporaryPortfolio()
        try scratch.portfolio.organisations.create(Organisation(handle: "owner", name: "Owner", country: "LV"))
        try scratch.portfolio.fundingSources.create(FundingSource(handle: "d1", kind: .donor, title: "Donor"))
        return scratch
    }

    @Test("the last day there is, 9999-12-31, is a day like any other")
    func lastDay() throws {
        let scratch = try Self.emptyPortfolio()
        try Self.project(scratch.portfolio, "P-1", [(.submitted, "2020-01-01"), (.approved, "9999-12-31")])
        for day in ["2020-01-01", "9999-12-30", "9999-12-31"] {
            let periods = try scratch.portfolio.statistics(asOf: .day(day), method: .periods)
            #expect(periods == (try scratch.portfolio.statistics(asOf: .day(day), method: .replay)), "as of \(day)")
        }
        #expect(try scratch.portfolio.statistics(asOf: .day("9999-12-31"), method: .periods).total.counts.approved == 1)
    }

    @Test("sums past 64 bits across projects: the write succeeds, the statistics report the overflow as the replay does")
    func overflowAcrossProjects() throws {
        let scratch = try Self.emptyPortfolio()
        let huge = Int64.max / 2 + 1
        try Self.project(scratch.portfolio, "P-1", [(.submitted, "2020-01-01"), (.approved, "2020-02-01")], amount: huge)
        try Self.project(scratch.portfolio, "P-2", [(.submitted, "2020-01-02"), (.approved, "2020-02-02")], amount: huge)
        #expect(throws: MoneyError.self) { try scratch.portfolio.statistics(asOf: .day("2021-01-01"), method: .replay) }
        #expect(throws: MoneyError.self) { try scratch.portfolio.statistics(asOf: .day("2021-01-01")) }
        // Before the overflow, the periods answer, and agree.
        let early = try scratch.portfolio.statistics(asOf: .day("2019-12-31"), method: .periods)
        #expect(early == (try scratch.portfolio.statistics(asOf: .day("2019-12-31"), method: .replay)))
    }

    @Test("a project deleted with foreign keys off (the sqlite3 shell's default) no longer counts once refreshed")
    func deletedWithForeignKeysOff() throws {
        let scratch = try Self.emptyPortfolio()
        try Self.project(scratch.portfolio, "P-1", [(.submitted, "2020-01-01")])
        try Self.project(scratch.portfolio, "P-2", [(.submitted, "2020-01-01"), (.approved, "2020-03-01")])
        let other = try Connection(path: scratch.path, configuration: {
            var configuration = Connection.Configuration()
            configuration.foreignKeys = false
            return configuration
        }())
        try other.execute(sql: "DELETE FROM project WHERE reference = 'P-2'")
        let reopened = try Portfolio(path: scratch.path)
        let day = CalendarDate.day("2021-01-01")
        let periods = try reopened.statistics(asOf: day, method: .periods)
        #expect(periods.total.counts.developed == 1)
        #expect(periods == (try reopened.statistics(asOf: day, method: .replay)))
    }
}

/// A seeded random portfolio whose histories follow the built-in transitions,
/// with same-day events, revised figures in several currencies, value dates,
/// and submission dates before, on or after the first event.
struct RandomPortfolio {
    var seed: UInt64
    var projects: Int
    var currencies: [String]

    private struct Generator {
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
    private static func date(_ day: Int) -> CalendarDate {
        let year = 2005 + day / (12 * 28), month = 1 + (day / 28) % 12, dayOfMonth = 1 + day % 28
        return try! CalendarDate(year: year, month: month, day: dayOfMonth)
    }

    private static let next: [StatusCode: [StatusCode]] = [
        .draft: [.submitted, .withdrawn],
        .submitted: [.underEvaluation, .approved, .rejected, .withdrawn],
        .underEvaluation: [.approved, .rejected, .withdrawn],
        .approved: [.inImplementation, .withdrawn, .terminated],
        .rejected: [.underEvaluation],
        .inImplementation: [.completed, .suspended, .terminated],
        .suspended: [.inImplementation, .terminated],
        .completed: [.closed],
    ]

    func build(_ portfolio: Portfolio) throws {
        var random = Generator(state: seed)
        try portfolio.organisations.create(Organisation(handle: "owner", name: "Owner", country: "LV"))
        let sources = ["d1", "d1/p1", "d1/p1/c1", "d1/p1/c2", "d1/p2", "d2", "d2/c1"]
        for handle in sources {
            let parent = handle.split(separator: "/").dropLast().joined(separator: "/")
            try portfolio.fundingSources.create(FundingSource(
                handle: handle, kind: parent.isEmpty ? .donor : .programme, title: "Source \(handle)",
                parent: parent.isEmpty ? nil : parent))
        }
        for number in 1...projects {
            let reference = "R-\(number)"
            try portfolio.projects.create(Project(reference: reference, title: "Project \(number)", owner: "owner"))
            for _ in 0..<(1 + random.below(3)) {
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
                        let code = currencies[random.below(currencies.count)]
                        let amount = Money(minorUnits: Int64(random.below(50_000_000)), currency: currency(code))
                        money.append(MoneyFigure(
                            kind: kind, amount: amount, valueDate: random.below(3) == 0 ? Self.date(random.below(12 * 12 * 28)) : nil,
                            setOn: Self.date(setDay)))
                        setDay += 1 + random.below(500)
                    }
                }
                _ = try portfolio.applications.create(Application(
                    project: reference, fundingSource: sources[random.below(sources.count)], submittedOn: submittedOn,
                    currency: "EUR", participants: [Participation(organisation: "owner", role: .leadApplicant)],
                    statusHistory: history, money: money))
            }
        }
    }
}

private func currency(_ code: String) -> Currency {
    switch code {
    case "EUR": .eur
    case "LVL": .lvl
    default: .nok
    }
}
