import Foundation
import GrantPortfolio
import SQLiteCore
import Testing

/// The library's statistics, breakdowns and outcome search equal those of
/// ``ReferenceStatistics`` (the replay of every status history in SQL), on
/// the fixture, the hand-made statistics portfolio and seeded random
/// portfolios, at about 40 dates each (days things change, the days before,
/// and two far dates), for four sets of options: EUR, LVL, NOK, and EUR
/// counting projects without applications; every dimension each time.
///
/// Money converts by the rule of ``ReferenceRates``: direct rate, else the
/// inverse rate, else through one pivot currency (issue 11).
@Suite("Statistics equal the reference replay")
struct StatisticsEquivalenceTests {
    /// The option sets compared, each with every breakdown.
    static let optionSets: [(name: String, options: StatisticsOptions)] = [
        ("EUR", StatisticsOptions(breakdowns: StatisticsDimension.allCases)),
        ("LVL", StatisticsOptions(breakdowns: StatisticsDimension.allCases, reportingCurrency: "LVL")),
        ("NOK", StatisticsOptions(breakdowns: StatisticsDimension.allCases, reportingCurrency: "NOK")),
        ("EUR, projects without applications",
         StatisticsOptions(breakdowns: StatisticsDimension.allCases, countsProjectsWithoutApplications: true)),
    ]

    /// Details recorded per portfolio and option set before the rest is only counted.
    static let detailsPerOptionSet = 2

    /// What one portfolio's comparisons covered.
    struct Tally {
        var days = 0
        /// `statistics(asOf:options:)` compared, each with every breakdown: one per date and option set.
        var statistics = 0
        /// `breakdown(by:asOf:options:)` compared, by option set and dimension.
        var breakdowns: [String: [StatisticsDimension: Int]] = [:]
        /// (date, outcome) searches compared.
        var searches = 0
        /// Comparisons that differed, by option set.
        var differences: [String: Int] = [:]
        var comparisons: [String: Int] = [:]
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

    /// Compares the library with the reference on every day and option set:
    /// the whole statistics with every breakdown, and one breakdown alone,
    /// the dimension turning from day to day (each one about every sixth
    /// day), since the library's replay takes a while. Records the first
    /// differences readably, and a count of the rest.
    static func compare(_ portfolio: Portfolio, _ label: String) throws -> Tally {
        var tally = Tally()
        let days = try days(of: portfolio)
        tally.days = days.count
        let dimensions = StatisticsDimension.allCases
        for (index, day) in days.enumerated() {
            let expected = try portfolio.database.read { db in
                try ReferenceStatistics.statistics(db, asOf: day, options: optionSets.map(\.options))
            }
            for (number, (name, options)) in optionSets.enumerated() {
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
                check(try portfolio.statistics(asOf: day, options: options), expected[number], "statistics")
                tally.statistics += 1
                let dimension = dimensions[(index + number) % dimensions.count]
                check(
                    try portfolio.breakdown(by: dimension, asOf: day, options: options),
                    try #require(expected[number].breakdown(dimension)), "breakdown by \(dimension)")
                tally.breakdowns[name, default: [:]][dimension, default: 0] += 1
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

    /// Checks that everything was compared: the statistics on every day with
    /// every option set, each breakdown alone on several days with each
    /// option set, every outcome searched on every day.
    static func expectComplete(_ tally: Tally, days: ClosedRange<Int> = 35...45) {
        #expect(days.contains(tally.days), "compared on \(tally.days) days")
        #expect(tally.statistics == tally.days * optionSets.count)
        for (name, _) in optionSets {
            for dimension in StatisticsDimension.allCases {
                let count = tally.breakdowns[name]?[dimension] ?? 0
                #expect(count >= tally.days / StatisticsDimension.allCases.count, "\(name), \(dimension): \(count) days")
            }
        }
        #expect(tally.breakdowns.values.map { $0.values.reduce(0, +) }.reduce(0, +) == tally.days * optionSets.count)
        #expect(tally.searches == tally.days * ProjectOutcome.allCases.count)
    }

    @Test("the Latgale fixture")
    func fixture() throws {
        let scratch = try TemporaryPortfolio(loadingFixture: true)
        let tally = try Self.compare(scratch.portfolio, "fixture")
        Self.expectComplete(tally)
    }

    @Test("the hand-made statistics portfolio (an NOK figure with no rate, a project with no application)")
    func handMade() throws {
        let scratch = try TemporaryPortfolio()
        try StatisticsTestPortfolio.build(scratch.portfolio)
        let tally = try Self.compare(scratch.portfolio, "hand-made")
        Self.expectComplete(tally, days: 20...45)
    }

    @Test("seeded random portfolios", arguments: Array(1...8) as [UInt64])
    func seeded(seed: UInt64) throws {
        let scratch = try TemporaryPortfolio()
        let generator = SeededPortfolio(seed: seed, projects: 24, rates: seed % 2 == 0 ? .inverse : .direct)
        try generator.build(scratch.portfolio)
        let tally = try Self.compare(scratch.portfolio, "seed \(seed) (\(generator.rates) rates)")
        Self.expectComplete(tally)
    }

    @Test("the reference's breakdown alone equals its breakdown within the statistics")
    func referenceBreakdownAlone() throws {
        let scratch = try TemporaryPortfolio()
        try SeededPortfolio(seed: 3, projects: 12, rates: .inverse).build(scratch.portfolio)
        var compared = 0
        for day in ["2008-06-30", "2013-12-31", "2030-01-01"].map({ try! CalendarDate($0) }) {
            for (_, options) in Self.optionSets {
                try scratch.portfolio.database.read { db in
                    let statistics = try ReferenceStatistics.statistics(db, asOf: day, options: options)
                    for dimension in StatisticsDimension.allCases {
                        let alone = try ReferenceStatistics.breakdown(db, by: dimension, asOf: day, options: options)
                        #expect(alone == statistics.breakdown(dimension), "\(dimension) as of \(day)")
                        compared += 1
                    }
                }
            }
        }
        #expect(compared == 3 * Self.optionSets.count * StatisticsDimension.allCases.count)
    }
}
