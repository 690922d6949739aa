import Foundation
import GrantPortfolio
import SQLiteCore
import Testing

/// The library's statistics, breakdowns and outcome search equal those of
/// ``ReferenceStatistics`` (the replay of every status history in SQL), on
/// the fixture, the hand-made statistics portfolio and eight seeded random
/// portfolios, at about 40 dates each (days things change, the days before,
/// and two far dates), for four option sets: EUR, LVL, NOK, and EUR counting
/// projects without applications. Money converts by the rule of
/// ``ReferenceRates``: direct rate, else the inverse rate, else through one
/// pivot currency (issue 11).
///
/// On every date, for every option set, `statistics(asOf:options:)` is
/// compared whole (counts, money, time series, rates used, unconvertible
/// figures, its breakdowns) and so is one `breakdown(by:asOf:options:)`. So
/// that the suite stays quick while the library replays the histories, one
/// option set a day asks for every breakdown and the others for one, the
/// dimensions turning from day to day: each (option set, dimension) pair is
/// compared on about a sixth of the days, both ways. With `GRANTS_STRESS=1`
/// every option set asks for every breakdown and every breakdown is compared
/// alone, on every date.
///
/// Every date, every outcome: the project search with that outcome as of the
/// date finds exactly the projects the reference gives that outcome.
@Suite("Statistics equal the reference replay")
struct StatisticsEquivalenceTests {
    /// The option sets compared (their breakdowns are set per day).
    static let optionSets: [(name: String, options: StatisticsOptions)] = [
        ("EUR", StatisticsOptions()),
        ("LVL", StatisticsOptions(breakdowns: [], reportingCurrency: "LVL")),
        ("NOK", StatisticsOptions(breakdowns: [], reportingCurrency: "NOK")),
        ("EUR, projects without applications", StatisticsOptions(breakdowns: [], countsProjectsWithoutApplications: true)),
    ]

    /// Every option set with every breakdown, every breakdown alone, on every date.
    static let isFull = ProcessInfo.processInfo.environment["GRANTS_STRESS"] == "1"

    /// Details recorded per portfolio and option set before the rest is only counted.
    static let detailsPerOptionSet = 2

    static let dimensions = StatisticsDimension.allCases

    /// What one portfolio's comparisons covered.
    struct Tally {
        var days = 0
        /// `statistics(asOf:options:)` compared, by option set: each once per day.
        var statistics: [String: Int] = [:]
        /// (date, option set, dimension) compared within `statistics(asOf:options:)`.
        var breakdownsWithin: [String: [StatisticsDimension: Int]] = [:]
        /// (date, option set, dimension) compared by `breakdown(by:asOf:options:)`.
        var breakdownsAlone: [String: [StatisticsDimension: Int]] = [:]
        /// (date, outcome) searches compared.
        var searches = 0
        /// Days in the second half of their month: the stored facts read their
        /// month from its end (the whole month less the days after), the others
        /// from its start. Both must be compared.
        var daysFromTheMonthsEnd = 0
        /// Comparisons made and those that differed, by option set.
        var comparisons: [String: Int] = [:]
        var differences: [String: Int] = [:]

        /// Every (date, dimension) pair compared, within the statistics or alone.
        var dimensionPairs: Int {
            (Array(breakdownsWithin.values) + Array(breakdownsAlone.values)).flatMap(\.values).reduce(0, +)
        }
    }

    /// Days something takes effect, days before, and two far ones: at most
    /// about 40 of them, evenly spread (the replay takes a while each time).
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
        let stride = max(1, texts.count / 40)
        return texts.sorted().enumerated().filter { $0.offset % stride == 0 || $0.offset == texts.count - 1 }
            .map { try! CalendarDate($0.element) }
    }

    /// The options of option set `number` on the `index`-th day, and the dimensions compared alone.
    static func plan(day index: Int, optionSet number: Int) -> (options: StatisticsOptions, alone: [StatisticsDimension]) {
        var options = optionSets[number].options
        let turn = dimensions[(index + number) % dimensions.count]
        if isFull { options.breakdowns = dimensions; return (options, dimensions) }
        options.breakdowns = index % optionSets.count == number ? dimensions : [turn]
        return (options, [turn])
    }

    /// Compares the library with the reference on every day and option set;
    /// records the first differences readably, and a count of the rest.
    static func compare(_ portfolio: Portfolio, _ label: String) throws -> Tally {
        var tally = Tally()
        let days = try days(of: portfolio)
        tally.days = days.count
        for (index, day) in days.enumerated() {
            let monthLength = [31, day.year % 4 == 0 && (day.year % 100 != 0 || day.year % 400 == 0) ? 29 : 28,
                               31, 30, 31, 30, 31, 31, 30, 31, 30, 31][day.month - 1]
            if monthLength - day.day < day.day { tally.daysFromTheMonthsEnd += 1 }
            let plans = optionSets.indices.map { plan(day: index, optionSet: $0) }
            let expected = try portfolio.database.read { db in
                try ReferenceStatistics.statistics(db, asOf: day, options: plans.map(\.options))
            }
            for (number, plan) in plans.enumerated() {
                let name = optionSets[number].name
                func check<T: Equatable>(_ actual: T, _ expected: T, _ what: String) {
                    tally.comparisons[name, default: 0] += 1
                    guard actual != expected else { return }
                    tally.differences[name, default: 0] += 1
                    if tally.differences[name]! <= detailsPerOptionSet {
                        Issue.record("""
                            \(label), \(name), as of \(day), \(what): \
                            \(firstDifference(actual, expected) ?? "differs (no difference found field by field)")
                            """)
                    }
                }
                let breakdowns = plan.options.breakdowns.map(\.rawValue).joined(separator: ", ")
                check(try portfolio.statistics(asOf: day, options: plan.options), expected[number], "statistics by \(breakdowns)")
                tally.statistics[name, default: 0] += 1
                for dimension in plan.options.breakdowns { tally.breakdownsWithin[name, default: [:]][dimension, default: 0] += 1 }
                for dimension in plan.alone {
                    check(
                        try portfolio.breakdown(by: dimension, asOf: day, options: plan.options),
                        try #require(expected[number].breakdown(dimension)), "breakdown by \(dimension) alone")
                    tally.breakdownsAlone[name, default: [:]][dimension, default: 0] += 1
                }
            }
            let outcomes = try portfolio.database.read { db in try ReferenceStatistics.outcomes(db, asOf: day) }
            for outcome in ProjectOutcome.allCases {
                var query = ProjectQuery()
                query.outcomes = [outcome]
                query.asOf = day
                let found = Set(try portfolio.projects.search(query).map(\.id.rawValue))
                let expected = Set(outcomes.filter { $0.value == outcome.rawValue }.keys)
                #expect(found == expected, "\(label): projects \(outcome) as of \(day)")
                tally.searches += 1
            }
        }
        for (name, count) in tally.differences.sorted(by: { $0.key < $1.key }) {
            Issue.record("\(label), \(name): \(count) of \(tally.comparisons[name] ?? 0) comparisons differ")
        }
        return tally
    }

    /// Checks that everything planned was compared: the statistics on every
    /// day with every option set; every dimension, within the statistics and
    /// alone, on at least a sixth of the days with every option set (every day
    /// with `GRANTS_STRESS=1`); every outcome searched on every day.
    static func expectComplete(_ tally: Tally, days: ClosedRange<Int> = 35...45) {
        #expect(days.contains(tally.days), "compared on \(tally.days) days")
        #expect(tally.daysFromTheMonthsEnd > 0 && tally.daysFromTheMonthsEnd < tally.days,
                "\(tally.daysFromTheMonthsEnd) of \(tally.days) days in the second half of their month")
        let least = isFull ? tally.days : tally.days / dimensions.count
        for (name, _) in optionSets {
            #expect(tally.statistics[name] == tally.days, "\(name): statistics on \(tally.statistics[name] ?? 0) days")
            for dimension in dimensions {
                let within = tally.breakdownsWithin[name]?[dimension] ?? 0
                let alone = tally.breakdownsAlone[name]?[dimension] ?? 0
                #expect(within >= least && alone >= least, "\(name), \(dimension): \(within) and \(alone) days")
            }
        }
        // Each day and option set: its statistics' breakdowns, and those compared alone.
        let perDay = isFull
            ? 2 * dimensions.count * optionSets.count
            : dimensions.count + (optionSets.count - 1) + optionSets.count
        #expect(tally.dimensionPairs == tally.days * perDay)
        #expect(tally.searches == tally.days * ProjectOutcome.allCases.count)
    }

    @Test("the Latgale fixture")
    func fixture() throws {
        let scratch = try TemporaryPortfolio(loadingFixture: true)
        Self.expectComplete(try Self.compare(scratch.portfolio, "fixture"))
    }

    @Test("the hand-made statistics portfolio (an NOK figure with no rate, a project with no application)")
    func handMade() throws {
        let scratch = try TemporaryPortfolio()
        try StatisticsTestPortfolio.build(scratch.portfolio)
        Self.expectComplete(try Self.compare(scratch.portfolio, "hand-made"), days: 20...45)
    }

    @Test("seeded random portfolios", arguments: Array(1...8) as [UInt64])
    func seeded(seed: UInt64) throws {
        let scratch = try TemporaryPortfolio()
        let generator = SeededPortfolio(seed: seed, projects: 24, rates: seed % 2 == 0 ? .inverse : .direct)
        try generator.build(scratch.portfolio)
        Self.expectComplete(try Self.compare(scratch.portfolio, "seed \(seed) (\(generator.rates) rates)"))
    }

    @Test("the seeded portfolios have what the comparisons need")
    func seededContents() throws {
        var totals: [String: Int64] = [:]
        for seed in 1...8 as ClosedRange<UInt64> {
            let scratch = try TemporaryPortfolio()
            try SeededPortfolio(seed: seed, projects: 24, rates: seed % 2 == 0 ? .inverse : .direct).build(scratch.portfolio)
            try scratch.portfolio.database.read { db in
                for (name, sql) in [
                    ("projects without application", "SELECT count(*) FROM project WHERE id NOT IN (SELECT project_id FROM application)"),
                    ("shortlisted events", "SELECT count(*) FROM status_event WHERE status = 'shortlisted'"),
                    ("on_hold events", "SELECT count(*) FROM status_event WHERE status = 'on_hold'"),
                    ("EUR figures", "SELECT count(*) FROM money_figure WHERE currency = 'EUR'"),
                    ("LVL figures", "SELECT count(*) FROM money_figure WHERE currency = 'LVL'"),
                    ("NOK figures", "SELECT count(*) FROM money_figure WHERE currency = 'NOK'"),
                    ("value dates", "SELECT count(*) FROM money_figure WHERE value_date IS NOT NULL"),
                    ("themes on projects", "SELECT count(*) FROM project_theme"),
                    ("partners with a country", """
                        SELECT count(*) FROM participation pa JOIN organisation o ON o.id = pa.organisation_id
                        WHERE pa.role IN ('partner', 'donor_partner', 'host') AND o.country IS NOT NULL AND o.handle <> 'owner'
                        """),
                    ("hosts", "SELECT count(*) FROM participation WHERE role = 'host'"),
                    ("partners without a country", """
                        SELECT count(*) FROM participation pa JOIN organisation o ON o.id = pa.organisation_id
                        WHERE pa.role IN ('partner', 'donor_partner', 'host') AND o.country IS NULL
                        """),
                    ("funders (not a partner country)", "SELECT count(*) FROM participation WHERE role = 'funder'"),
                    ("EUR→NOK rates", "SELECT count(*) FROM exchange_rate WHERE to_currency = 'NOK' AND from_currency = 'EUR'"),
                    ("NOK→EUR rates", "SELECT count(*) FROM exchange_rate WHERE from_currency = 'NOK'"),
                    ("DKK pivot rates", "SELECT count(*) FROM exchange_rate WHERE 'DKK' IN (from_currency, to_currency)"),
                ] {
                    totals[name, default: 0] += try Int64.fetchOne(db, sql: sql) ?? 0
                }
            }
        }
        for (name, total) in totals.sorted(by: { $0.key < $1.key }) { #expect(total > 0, "\(name): none") }
        #expect(totals.count == 15)
    }

    @Test("the reference's breakdown alone equals its breakdown within the statistics")
    func referenceBreakdownAlone() throws {
        let scratch = try TemporaryPortfolio()
        try SeededPortfolio(seed: 3, projects: 12, rates: .inverse).build(scratch.portfolio)
        var compared = 0
        for day in ["2008-06-30", "2013-12-31", "2030-01-01"].map({ try! CalendarDate($0) }) {
            for (_, var options) in Self.optionSets {
                options.breakdowns = Self.dimensions
                try scratch.portfolio.database.read { db in
                    let statistics = try ReferenceStatistics.statistics(db, asOf: day, options: options)
                    for dimension in Self.dimensions {
                        let alone = try ReferenceStatistics.breakdown(db, by: dimension, asOf: day, options: options)
                        #expect(alone == statistics.breakdown(dimension), "\(dimension) as of \(day)")
                        compared += 1
                    }
                }
            }
        }
        #expect(compared == 3 * Self.optionSets.count * Self.dimensions.count)
    }
}
