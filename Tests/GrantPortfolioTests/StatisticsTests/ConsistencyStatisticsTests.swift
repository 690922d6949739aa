import Foundation
import SQLiteCore
import Testing

@testable import GrantPortfolio

/// The statistics agree with the project search's outcomes, and every
/// breakdown adds up to the headline by its rule.
@Suite("Statistics consistency")
struct ConsistencyStatisticsTests {
    static let dates = ["2007-12-31", "2008-05-15", "2008-06-01", "2008-09-01", "2009-01-01", "2009-05-31",
                        "2009-06-01", "2010-01-01", "2012-06-30", "2016-05-26", "2026-05-12", "2026-11-29", "2030-01-01"]

    @Test("the statistics' and the search's outcomes equal the reference replay's for every project and date", arguments: [false, true])
    func outcomesMatchTheSearch(fixture: Bool) throws {
        let scratch = try TemporaryPortfolio(loadingFixture: fixture)
        if !fixture { try StatisticsTestPortfolio.build(scratch.portfolio) }
        var all = StatisticsOptions()
        all.countsProjectsWithoutApplications = true
        for text in Self.dates {
            let date = CalendarDate.day(text)
            var query = ProjectQuery()
            query.asOf = date
            // The independent replay in the tests is the oracle; the library's
            // statistics and its search both read the stored facts.
            let reference = try scratch.portfolio.database.read { try ReferenceStatistics.outcomes($0, asOf: date) }
            var expected: [Project.ID: ProjectOutcome] = [:]
            for (id, outcome) in reference { expected[Project.ID(id)] = ProjectOutcome(rawValue: outcome) }
            #expect(expected.count == reference.count && !expected.isEmpty, "as of \(text)")
            let outcomes = try scratch.portfolio.statisticsOutcomes(asOf: date, options: all)
            #expect(outcomes == expected, "as of \(text)")
            let searched = Dictionary(uniqueKeysWithValues: try scratch.portfolio.projects.search(query).map { ($0.id, $0.outcome) })
            #expect(searched == expected, "search as of \(text)")
            // The headline counts are those outcomes, counted.
            let counts = try scratch.portfolio.statistics(asOf: date, options: all).total.counts
            for group in OutcomeGroup.allCases where group != .developed {
                let count = expected.values.filter { OutcomeGroup($0) == group }.count
                #expect(counts.count(group) == count, "\(group) as of \(text)")
            }
        }
    }

    @Test("every breakdown adds up to the headline by its rule", arguments: [false, true])
    func breakdownsAddUp(fixture: Bool) throws {
        let scratch = try TemporaryPortfolio(loadingFixture: fixture)
        if !fixture { try StatisticsTestPortfolio.build(scratch.portfolio) }
        for text in Self.dates {
            for countsAll in [false, true] {
                var options = StatisticsOptions(breakdowns: StatisticsDimension.allCases)
                options.countsProjectsWithoutApplications = countsAll
                let statistics = try scratch.portfolio.statistics(asOf: .day(text), options: options)
                let total = statistics.total
                for breakdown in statistics.breakdowns {
                    let label = "\(breakdown.dimension) as of \(text)"
                    if breakdown.isPartition {
                        // Each project in exactly one top-level group: counts and money add up.
                        #expect(sum(breakdown.topLevel.map(\.counts)) == total.counts, "\(label)")
                        for group in OutcomeGroup.allCases {
                            let converted = breakdown.topLevel.reduce(Int64(0)) {
                                $0 + $1.money(group).totalCost.converted.minorUnits
                            }
                            #expect(converted == total.money(group).totalCost.converted.minorUnits, "\(label) \(group)")
                        }
                    } else {
                        // Counted under each value: no group exceeds the headline, and the
                        // groups add up to the headline plus the extra memberships.
                        let extra = try extraMemberships(breakdown.dimension, asOf: text, countsAll: countsAll, in: scratch.portfolio)
                        #expect(breakdown.groups.map(\.counts.developed).reduce(0, +) == total.counts.developed + extra, "\(label)")
                        #expect(breakdown.groups.allSatisfy { $0.counts.developed <= total.counts.developed }, "\(label)")
                    }
                    if breakdown.dimension == .fundingSource {
                        // Rolled up: a node holds at least what its children hold together.
                        for node in breakdown.groups where node.key != nil {
                            let children = breakdown.groups.filter { $0.parent == node.key && $0.key != nil }
                            #expect(children.map(\.counts.developed).reduce(0, +) <= node.counts.developed, "\(label) \(node.key!)")
                        }
                    }
                }
                let approvedByYear = statistics.timeSeries.map(\.projectsApproved).reduce(0, +)
                #expect(approvedByYear == total.counts.approved, "time series as of \(text)")
            }
        }
    }

    @Test("the fixture's funding tree and themes add up as documented")
    func fixtureBreakdowns() throws {
        let scratch = try TemporaryPortfolio(loadingFixture: true)
        let statistics = try scratch.portfolio.statistics(
            asOf: .day("2026-11-29"), options: StatisticsOptions(breakdowns: [.fundingSource, .theme, .submissionYear]))
        let sources = try #require(statistics.breakdown(.fundingSource))
        #expect(sources.topLevel.map(\.counts.developed).reduce(0, +) == 14)
        let norway = try #require(sources.groups.first { $0.key == "norway" })
        // The Trøndelag trip (2009, approved) and the 2026 youth project (under evaluation).
        #expect(norway.counts == OutcomeCounts(developed: 2, approved: 1, pending: 1, underEvaluation: 1))
        let themes = try #require(statistics.breakdown(.theme))
        #expect(themes.unassigned == nil)
        // Six projects have two themes.
        #expect(themes.groups.map(\.counts.developed).reduce(0, +) == 14 + 6)
        let years = try #require(statistics.breakdown(.submissionYear))
        #expect(years.groups.map { "\($0.key ?? "-")=\($0.counts.developed)" } == [
            "2007=1", "2008=1", "2009=1", "2010=1", "2011=1", "2012=1", "2015=1", "2016=1", "2018=1", "2019=1", "2026=4",
        ])
    }

    private func sum(_ counts: [OutcomeCounts]) -> OutcomeCounts {
        counts.reduce(into: OutcomeCounts()) { total, next in
            total.developed += next.developed
            total.approved += next.approved
            total.rejected += next.rejected
            total.withdrawn += next.withdrawn
            total.pending += next.pending
            total.inPreparation += next.inPreparation
            total.undetermined += next.undetermined
            total.underEvaluation += next.underEvaluation
        }
    }

    /// For every counted project, the number of its themes or partner
    /// countries beyond the first, summed; worked out from the project
    /// search and the stores, not from the statistics' SQL.
    private func extraMemberships(_ dimension: StatisticsDimension, asOf text: String, countsAll: Bool, in portfolio: Portfolio) throws -> Int {
        var query = ProjectQuery()
        query.asOf = .day(text)
        var extra = 0
        for summary in try portfolio.projects.search(query) {
            let applications = try portfolio.applications.applications(ofProject: summary.reference)
            let hasStatus = applications.contains { $0.statusHistory.contains { $0.effectiveOn <= .day(text) } }
            guard countsAll || hasStatus else { continue }
            let values: Set<String>
            switch dimension {
            case .theme:
                values = Set(try portfolio.projects.fetch(summary.id)!.themes.map(\.description))
            default:
                var countries = Set<String>()
                for application in applications
                where application.statusHistory.contains(where: { $0.effectiveOn <= .day(text) }) {
                    for participant in application.participants where [.partner, .donorPartner, .host].contains(participant.role) {
                        if let country = try portfolio.organisations.fetch(handle: participant.organisation)?.country {
                            countries.insert(country)
                        }
                    }
                }
                values = countries
            }
            extra += max(values.count - 1, 0)
        }
        return extra
    }
}
