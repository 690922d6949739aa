import Foundation
import GrantPortfolio
import Testing

/// Figures as of dates before, between and after the approvals of
/// ``StatisticsTestPortfolio``, with every expectation worked out by hand from
/// its table.
@Suite("Statistics as of a date")
struct AsOfStatisticsTests {
    let scratch: TemporaryPortfolio
    var portfolio: Portfolio { scratch.portfolio }

    init() throws {
        scratch = try TemporaryPortfolio()
        try StatisticsTestPortfolio.build(scratch.portfolio)
    }

    @Test("nothing is developed before the first history starts")
    func beforeEverything() throws {
        let statistics = try portfolio.statistics(asOf: .day("2007-12-31"))
        #expect(statistics.total.counts == OutcomeCounts())
        #expect(statistics.total.counts.approvalRate.percentText() == nil)
        #expect(statistics.total.approvedBudget.converted == .zero(.eur))
        #expect(statistics.timeSeries.isEmpty)
        #expect(statistics.headline == "0 of 0 projects approved · approved budget 0.00 EUR · 0 under evaluation")
    }

    @Test("2008-05-15, before the first approval: A-1 and B-2 under evaluation, F-6 withdrawn")
    func beforeTheFirstApproval() throws {
        let statistics = try portfolio.statistics(asOf: .day("2008-05-15"))
        let counts = statistics.total.counts
        #expect(counts == OutcomeCounts(developed: 3, approved: 0, rejected: 0, withdrawn: 1, pending: 2, underEvaluation: 2))
        #expect(counts.decided == 0)
        #expect(counts.successRate == Ratio(0, of: 0))
        #expect(counts.successRate.percentText() == nil)
        #expect(counts.approvalRate.percentText() == "0.0")
        #expect(statistics.total.approvedBudget.converted == .zero(.eur))
        // Pending money: A-1's 100,000.00 (the 2009 revision is later) and B-2's first bid, 50,000.00.
        #expect(statistics.total.money(.pending).totalCost.converted == StatisticsTestPortfolio.eur("150000.00"))
        #expect(statistics.total.money(.pending).requested.converted == StatisticsTestPortfolio.eur("80000.00"))
        #expect(statistics.headline == "0 of 3 projects approved (0.0%) · approved budget 0.00 EUR · 2 under evaluation")
    }

    @Test("2009-01-01, between approvals: A-1 approved, B-2 rejected (once), F-6 withdrawn")
    func betweenApprovals() throws {
        let statistics = try portfolio.statistics(asOf: .day("2009-01-01"))
        let counts = statistics.total.counts
        #expect(counts == OutcomeCounts(developed: 3, approved: 1, rejected: 1, withdrawn: 1))
        #expect(counts.successRate == Ratio(1, of: 2))
        #expect(counts.successRate.percentText() == "50.0")
        #expect(counts.approvalRate.percentText() == "33.3")
        // A-1's total cost before its revision of 2009-03-01.
        #expect(statistics.total.approvedBudget.converted == StatisticsTestPortfolio.eur("100000.00"))
        #expect(statistics.total.money(.approved).awarded.converted == StatisticsTestPortfolio.eur("80000.00"))
        #expect(statistics.total.money(.rejected).totalCost.converted == StatisticsTestPortfolio.eur("50000.00"))
        #expect(statistics.headline == "1 of 3 projects approved (33.3%) · approved budget 100,000.00 EUR · 0 under evaluation")
    }

    @Test("2009-05-31, the day before the tie: B-2's second application under evaluation")
    func theDayBeforeTheTie() throws {
        let counts = try portfolio.statistics(asOf: .day("2009-05-31")).total.counts
        // A-1 approved; B-2 pending again (its resubmission), not rejected; C-3 submitted; D-4 and
        // B-2 under evaluation; H-8 submitted; F-6 withdrawn.
        #expect(counts == OutcomeCounts(developed: 6, approved: 1, rejected: 0, withdrawn: 1, pending: 4, underEvaluation: 2))
    }

    @Test("2009-06-01: two approvals and a rejection on one day all count")
    func tiesOnOneDate() throws {
        let statistics = try portfolio.statistics(asOf: .day("2009-06-01"))
        let counts = statistics.total.counts
        #expect(counts == OutcomeCounts(developed: 6, approved: 3, rejected: 1, withdrawn: 1, pending: 1, underEvaluation: 1))
        #expect(counts.successRate.percentText() == "75.0")
        #expect(counts.approvalRate.percentText() == "50.0")
        // 90,000.00 EUR (A-1, revised) + 60,000.00 LVL (B-2's approved application only:
        // 6,000,000 × 1,000,000 / 702,804 = 8,537,230.86 cents → 85,372.31) + 10,000.00 LVL
        // (C-3: 1,422,871.81 cents → 14,228.72).
        let budget = statistics.total.approvedBudget
        #expect(budget.converted == StatisticsTestPortfolio.eur("189601.03"))
        #expect(budget.byCurrency == [StatisticsTestPortfolio.eur("90000.00"), try Money(parsing: "70000.00", currency: .lvl)])
        #expect(budget.figureCount == 3)
        #expect(budget.isComplete)
        #expect(statistics.headline == "3 of 6 projects approved (50.0%) · approved budget 189,601.03 EUR · 1 under evaluation")
    }

    @Test("2010-01-01, after the last approval: E-5 in preparation; G-7 only with every project")
    func afterTheLastApproval() throws {
        let statistics = try portfolio.statistics(asOf: .day("2010-01-01"))
        #expect(statistics.total.counts == OutcomeCounts(
            developed: 7, approved: 3, rejected: 1, withdrawn: 1, pending: 1, inPreparation: 1, underEvaluation: 1))
        var options = StatisticsOptions()
        options.countsProjectsWithoutApplications = true
        let all = try portfolio.statistics(asOf: .day("2010-01-01"), options: options)
        #expect(all.total.counts == OutcomeCounts(
            developed: 8, approved: 3, rejected: 1, withdrawn: 1, pending: 1, inPreparation: 1, undetermined: 1,
            underEvaluation: 1))
        #expect(all.total.counts.approvalRate.percentText() == "37.5")
    }

    @Test("a project rejected and then approved in another call counts once, as approved, with its approved bid")
    func resubmissionCountsOnce() throws {
        let statistics = try portfolio.statistics(
            asOf: .day("2010-01-01"), options: StatisticsOptions(breakdowns: [.fundingSource, .status]))
        let sources = try #require(statistics.breakdown(.fundingSource))
        let call1 = try #require(sources.groups.first { $0.key == "eu/prog/call-1" })
        let call2 = try #require(sources.groups.first { $0.key == "eu/prog/call-2" })
        // B-2 is under call-2 (its deciding, approved application), not under call-1 as well.
        #expect(call1.counts == OutcomeCounts(developed: 2, approved: 1, withdrawn: 1))
        #expect(call2.counts == OutcomeCounts(developed: 3, approved: 1, pending: 1, inPreparation: 1, underEvaluation: 1))
        let programme = try #require(sources.groups.first { $0.key == "eu/prog" })
        #expect(programme.counts.developed == 5)
        #expect(programme.depth == 1 && programme.parent == "eu")
        // B-2's rejected bid (50,000.00 EUR) is in no money total.
        #expect(statistics.total.money(.developed).totalCost.byCurrency.first
            == StatisticsTestPortfolio.eur("95000.00"))  // A-1 90,000.00 + H-8 5,000.00
        let byStatus = try #require(statistics.breakdown(.status))
        #expect(byStatus.groups.map(\.key) == ["draft", "under_evaluation", "approved", "rejected", "withdrawn", "in_implementation"])
        #expect(byStatus.groups.first { $0.key == "approved" }?.counts.developed == 2)  // B-2 and C-3
    }

    @Test("the time series counts applications per year and projects by first approval")
    func timeSeries() throws {
        let series = try portfolio.statistics(asOf: .day("2010-01-01")).timeSeries
        #expect(series == [
            YearActivity(year: 2008, applicationsSubmitted: 3, applicationsApproved: 1, applicationsRejected: 1,
                         projectsApproved: 1, projectsApprovedToDate: 1),
            YearActivity(year: 2009, applicationsSubmitted: 4, applicationsApproved: 2, applicationsRejected: 1,
                         projectsApproved: 2, projectsApprovedToDate: 3),
        ])
        #expect(series.map(\.decisions) == [2, 3])
        let early = try portfolio.statistics(asOf: .day("2008-06-30")).timeSeries
        #expect(early == [YearActivity(year: 2008, applicationsSubmitted: 3, applicationsApproved: 1,
                                       projectsApproved: 1, projectsApprovedToDate: 1)])
    }

    @Test("breakdowns by year, decision year, theme and country, worked out by hand")
    func breakdowns() throws {
        let statistics = try portfolio.statistics(
            asOf: .day("2010-01-01"),
            options: StatisticsOptions(breakdowns: [.submissionYear, .decisionYear, .theme, .country]))
        func developed(_ dimension: StatisticsDimension) -> [String] {
            statistics.breakdown(dimension)!.groups.map { "\($0.key ?? "-")=\($0.counts.developed)" }
        }
        // First submissions: A-1, B-2, F-6 in 2008; C-3, D-4, H-8 in 2009; E-5 not submitted.
        #expect(developed(.submissionYear) == ["2008=3", "2009=3", "-=1"])
        // Decisions: A-1 approved 2008; B-2, C-3 approved and H-8 rejected 2009; the rest undecided.
        #expect(developed(.decisionYear) == ["2008=1", "2009=3", "-=3"])
        #expect(developed(.theme) == ["t:a=2", "t:b=2", "-=4"])
        #expect(statistics.breakdown(.theme)!.groups.first?.label == "Theme A")
        // Partners and hosts: A-1 LT; C-3 LT and NO.
        #expect(developed(.country) == ["LT=2", "NO=1", "-=5"])
        #expect(statistics.breakdown(.country)!.unassigned?.label == "no partner country")
    }
}
