import Foundation
import GrantPortfolio
import Testing

/// Conversion into the reporting currency: exact, per figure, at the rate of
/// the figure's date, and never guessing.
@Suite("Statistics money")
struct MoneyStatisticsTests {
    let scratch: TemporaryPortfolio
    var portfolio: Portfolio { scratch.portfolio }

    init() throws {
        scratch = try TemporaryPortfolio()
        try portfolio.organisations.create(Organisation(handle: "lpr", name: "LPR", country: "LV"))
        try portfolio.fundingSources.create(FundingSource(handle: "fund", kind: .donor, title: "Fund"))
    }

    /// One approved project with the given figures.
    private func approvedProject(_ reference: String, _ figures: [MoneyFigure], approvedOn: String = "2012-06-01") throws {
        try StatisticsTestPortfolio.project(portfolio, reference)
        try portfolio.applications.create(Application(
            project: reference, fundingSource: "fund", submittedOn: .day("2012-01-02"), currency: "EUR",
            statusHistory: [StatusEvent(status: .submitted, effectiveOn: .day("2012-01-02")),
                            StatusEvent(status: .approved, effectiveOn: .day(approvedOn))],
            money: figures))
    }

    @Test("LVL figures are converted at the fixed rate 0.702804, to the cent, half to even per figure")
    func lvlToTheCent() throws {
        try approvedProject("L-1", [StatisticsTestPortfolio.figure(.totalCost, "702804.00", .lvl, set: "2012-01-02")])
        try approvedProject("L-2", [StatisticsTestPortfolio.figure(.totalCost, "1.00", .lvl, set: "2012-01-02")])
        try approvedProject("L-3", [StatisticsTestPortfolio.figure(.totalCost, "7027.04", .lvl, set: "2012-01-02")])
        let statistics = try portfolio.statistics(asOf: .day("2013-01-01"))
        // 702,804.00 LVL = 1,000,000.00 EUR exactly; 1.00 LVL = 1.4228718… → 1.42;
        // 7,027.04 LVL = 9,998.577… → 9,998.58.
        #expect(statistics.total.approvedBudget.converted == StatisticsTestPortfolio.eur("1010000.00"))
        #expect(statistics.total.approvedBudget.byCurrency == [try Money(parsing: "709832.04", currency: .lvl)])
        #expect(statistics.ratesUsed.map(\.description)
            == ["1 LVL = 1000000/702804 EUR from 1993-03-05 (Council Decision 2013/387/EU, irrevocable rate)"])
        #expect(statistics.unconvertible.isEmpty)
    }

    @Test("each figure is rounded on its own, half to even, at the rate of its value date or else its set-on date")
    func perFigureRatesAndRounding() throws {
        try portfolio.currencies.add(ExchangeRate(
            from: "SEK", to: "EUR", numerator: 1, denominator: 10, validFrom: .day("2000-01-01"), source: "test"))
        try portfolio.currencies.add(ExchangeRate(
            from: "GBP", to: "EUR", numerator: 2, denominator: 1, validFrom: .day("2000-01-01"), source: "test"))
        try portfolio.currencies.add(ExchangeRate(
            from: "GBP", to: "EUR", numerator: 3, denominator: 1, validFrom: .day("2012-03-01"), source: "test"))
        // 0.05 SEK = 0.005 EUR → 0.00 (even); 0.15 SEK = 0.015 EUR → 0.02 (even). Summed first,
        // 0.20 SEK would give 0.02 as well, but 0.05 + 0.05 would give 0.01 instead of 0.00.
        try approvedProject("S-1", [StatisticsTestPortfolio.figure(.totalCost, "0.05", Currency(code: "SEK", minorUnit: 2), set: "2012-01-02")])
        try approvedProject("S-2", [StatisticsTestPortfolio.figure(.totalCost, "0.05", Currency(code: "SEK", minorUnit: 2), set: "2012-01-02")])
        try approvedProject("S-3", [StatisticsTestPortfolio.figure(.totalCost, "0.15", Currency(code: "SEK", minorUnit: 2), set: "2012-01-02")])
        // Set after the new GBP rate, but valued before it: the old rate, 2; without a value date: 3.
        try approvedProject("G-1", [StatisticsTestPortfolio.figure(.totalCost, "100.00", .gbp, set: "2012-04-01", valueDate: "2012-02-29")])
        try approvedProject("G-2", [StatisticsTestPortfolio.figure(.totalCost, "100.00", .gbp, set: "2012-04-01")])
        let statistics = try portfolio.statistics(asOf: .day("2013-01-01"))
        #expect(statistics.total.approvedBudget.converted == StatisticsTestPortfolio.eur("500.02"))
        #expect(statistics.ratesUsed.map { "\($0.from) \($0.numerator)/\($0.denominator) \($0.validFrom)" }
            == ["GBP 2/1 2000-01-01", "GBP 3/1 2012-03-01", "SEK 1/10 2000-01-01"])
    }

    @Test("a figure in a currency with no rate is reported, kept per currency, and left out of the converted sum")
    func unconvertible() throws {
        try approvedProject("E-1", [StatisticsTestPortfolio.figure(.totalCost, "1000.00", .eur, set: "2012-01-02")])
        try approvedProject("N-1", [
            StatisticsTestPortfolio.figure(.totalCost, "1200.00", .nok, set: "2012-01-02", valueDate: "2012-01-05"),
            StatisticsTestPortfolio.figure(.requested, "1000.00", .nok, set: "2012-01-02"),
        ])
        let statistics = try portfolio.statistics(asOf: .day("2013-01-01"))
        let budget = statistics.total.approvedBudget
        #expect(budget.converted == StatisticsTestPortfolio.eur("1000.00"))
        #expect(budget.unconverted == [try Money(parsing: "1200.00", currency: .nok)])
        #expect(!budget.isComplete)
        #expect(budget.byCurrency == [StatisticsTestPortfolio.eur("1000.00"), try Money(parsing: "1200.00", currency: .nok)])
        #expect(statistics.unconvertible.map(\.description).sorted() == [
            "N-1 application 2 requested 1,000.00 NOK: no NOK→EUR rate on 2012-01-02",
            "N-1 application 2 total_cost 1,200.00 NOK: no NOK→EUR rate on 2012-01-05",
        ])
        #expect(statistics.headline
            == "2 of 2 projects approved (100.0%) · approved budget 1,000.00 EUR + 1,200.00 NOK not converted · 0 under evaluation")
        // Reported in NOK instead, the EUR figure is the one without a rate.
        var options = StatisticsOptions()
        options.reportingCurrency = "NOK"
        let inNOK = try portfolio.statistics(asOf: .day("2013-01-01"), options: options)
        #expect(inNOK.total.approvedBudget.converted == (try Money(parsing: "1200.00", currency: .nok)))
        #expect(inNOK.total.approvedBudget.unconverted == [StatisticsTestPortfolio.eur("1000.00")])
    }

    @Test("an unknown reporting currency is refused")
    func unknownReportingCurrency() throws {
        var options = StatisticsOptions()
        options.reportingCurrency = "XYZ"
        #expect(throws: PortfolioError.unknownCurrency(record: RecordName(kind: .statistics), field: "reportingCurrency", code: "XYZ")) {
            try portfolio.statistics(options: options)
        }
    }

    @Test("a revised figure replaces the earlier one from its set-on date")
    func revisions() throws {
        try approvedProject("R-1", [
            StatisticsTestPortfolio.figure(.totalCost, "1000.00", .eur, set: "2012-01-02"),
            StatisticsTestPortfolio.figure(.totalCost, "800.00", .eur, set: "2014-01-01"),
        ])
        #expect(try portfolio.statistics(asOf: .day("2013-12-31")).total.approvedBudget.converted
            == StatisticsTestPortfolio.eur("1000.00"))
        #expect(try portfolio.statistics(asOf: .day("2014-01-01")).total.approvedBudget.converted
            == StatisticsTestPortfolio.eur("800.00"))
    }
}
