import Foundation
import GrantPortfolio
import SQLiteCore
import Testing

/// The Latgale Planning Region fixture gives the press release's figures.
@Suite("Statistics of the Latgale fixture")
struct FixtureStatisticsTests {
    let scratch: TemporaryPortfolio

    init() throws { scratch = try TemporaryPortfolio(loadingFixture: true) }

    @Test("14 developed, 8 approved, 3,228,810.00 EUR, 4 under evaluation, 2 rejected")
    func pressReleaseFigures() throws {
        let statistics = try scratch.portfolio.statistics(asOf: .day("2026-11-29"))
        let counts = statistics.total.counts
        #expect(counts == OutcomeCounts(
            developed: 14, approved: 8, rejected: 2, withdrawn: 0, pending: 4, inPreparation: 0, undetermined: 0,
            underEvaluation: 4))
        #expect(counts.decided == 10)
        #expect(counts.approvalRate == Ratio(8, of: 14))
        #expect(counts.approvalRate.percentText() == "57.1")
        #expect(counts.successRate == Ratio(8, of: 10))
        #expect(counts.successRate.percentText() == "80.0")
        #expect(statistics.total.approvedBudget.converted == Money(minorUnits: 322_881_000, currency: .eur))
        #expect(statistics.total.approvedBudget.isComplete)
        #expect(statistics.unconvertible.isEmpty)
        #expect(statistics.headline
            == "8 of 14 projects approved (57.1%) · approved budget 3,228,810.00 EUR · 4 under evaluation")
    }

    @Test("before the first approval (2008-01-01): LPR-2007-01 under evaluation, nothing else started")
    func beforeTheFirstApproval() throws {
        let statistics = try scratch.portfolio.statistics(asOf: .day("2008-01-01"))
        #expect(statistics.total.counts == OutcomeCounts(developed: 1, pending: 1, underEvaluation: 1))
        #expect(statistics.headline == "0 of 1 project approved (0.0%) · approved budget 0.00 EUR · 1 under evaluation")
    }

    @Test("between approvals (2008-12-31): LPR-2007-01 approved at its first budget, LPR-2008-01 rejected")
    func betweenApprovals() throws {
        let statistics = try scratch.portfolio.statistics(asOf: .day("2008-12-31"))
        #expect(statistics.total.counts == OutcomeCounts(developed: 2, approved: 1, rejected: 1))
        // 210,840.00 LVL (revised only in 2009) × 1,000,000 / 702,804 = 299,998.2925… EUR → 299,998.29.
        #expect(statistics.total.approvedBudget.converted == Money(minorUnits: 29_999_829, currency: .eur))
        #expect(statistics.total.counts.successRate.percentText() == "50.0")
    }

    @Test("2010-01-01, the README's example: 2 of 3 approved, 786,230.00 EUR, the Trøndelag trip under evaluation")
    func asOf2010() throws {
        let statistics = try scratch.portfolio.statistics(asOf: .day("2010-01-01"))
        // LPR-2007-01 approved 2008-02-19, budget revised 2009-04-14 to 202,056.15 LVL = 287,500.00 EUR;
        // LPR-2008-01 rejected 2008-11-18, approved in the next call 2009-09-24: 498,730.00 EUR, counted once;
        // LPR-2009-01 under evaluation since 2009-10-06 (approved 2010-01-19); LPR-2010-01 not started.
        #expect(statistics.total.counts == OutcomeCounts(developed: 3, approved: 2, pending: 1, underEvaluation: 1))
        #expect(statistics.total.counts.successRate == Ratio(2, of: 2))
        #expect(statistics.total.approvedBudget.converted == Money(minorUnits: 78_623_000, currency: .eur))
        #expect(statistics.headline == "2 of 3 projects approved (66.7%) · approved budget 786,230.00 EUR · 1 under evaluation")
    }

    @Test("after the last approval (2020-01-01): 8 of 10, LPR-2019-01 at its budget before the 2022 reduction")
    func afterTheLastApproval() throws {
        let statistics = try scratch.portfolio.statistics(asOf: .day("2020-01-01"))
        #expect(statistics.total.counts == OutcomeCounts(developed: 10, approved: 8, rejected: 2))
        // 3,228,810.00 − 459,304.50 + 526,880.00.
        #expect(statistics.total.approvedBudget.converted == Money(minorUnits: 329_638_550, currency: .eur))
        #expect(statistics.total.counts.successRate.percentText() == "80.0")
    }
}
