import GrantPortfolio
import SQLiteCore
import Testing

/// The reference's conversion rule (issue 11), checked by hand: direct,
/// inverse, through a pivot (the first by code, rounded once), none.
@Suite("The reference's conversion rule")
struct ReferenceRatesTests {
    /// Built-in LVL→EUR 1000000/702804 from 1993-03-05 and EUR→LVL 702804/1000000
    /// from 2014-01-01; EUR→NOK 2/1 from 2010-01-01; LVL→DKK 3/1 and DKK→NOK 1/7
    /// from 2012-01-01.
    static func rates() throws -> (ReferenceRates, TemporaryPortfolio) {
        let scratch = try TemporaryPortfolio()
        for (from, to, numerator, denominator, validFrom) in [
            ("EUR", "NOK", 2, 1, "2010-01-01"), ("LVL", "DKK", 3, 1, "2012-01-01"), ("DKK", "NOK", 1, 7, "2012-01-01"),
        ] as [(String, String, Int64, Int64, String)] {
            try scratch.portfolio.currencies.add(ExchangeRate(
                from: from, to: to, numerator: numerator, denominator: denominator, validFrom: .day(validFrom), source: "test"))
        }
        return (try scratch.portfolio.database.read { try ReferenceRates($0) }, scratch)
    }

    static func convert(_ rates: ReferenceRates, _ units: Int64, _ from: Currency, to: Currency, on day: String) throws
        -> (Int64, [String])?
    {
        try rates.convert(Money(minorUnits: units, currency: from), to: to, on: .day(day)).map { converted in
            (converted.money.minorUnits, converted.rates.map { "\($0.from)→\($0.to) \($0.validFrom)" })
        }
    }

    @Test("the same currency as it is; a direct rate; an inverse rate")
    func directAndInverse() throws {
        let (rates, _) = try Self.rates()
        #expect(try Self.convert(rates, 123, .nok, to: .nok, on: "2000-01-01")?.0 == 123)
        #expect(try Self.convert(rates, 123, .nok, to: .nok, on: "2000-01-01")?.1 == [])
        // 702,804.00 LVL = 1,000,000.00 EUR, directly.
        #expect(try Self.convert(rates, 70_280_400, .lvl, to: .eur, on: "2000-01-01")?.0 == 100_000_000)
        // 100.00 EUR in LVL before 2014: the LVL→EUR rate inversely, 70.2804 → 70.28.
        let before = try Self.convert(rates, 10_000, .eur, to: .lvl, on: "2013-12-31")
        #expect(before?.0 == 7_028)
        #expect(before?.1 == ["LVL→EUR 1993-03-05"])
        // From 2014 the direct EUR→LVL rate.
        #expect(try Self.convert(rates, 10_000, .eur, to: .lvl, on: "2014-01-01")?.1 == ["EUR→LVL 2014-01-01"])
        // NOK→EUR inversely at 1/2, half to even: 0.01 NOK → 0.005 → 0.00; 0.03 → 0.015 → 0.02.
        #expect(try Self.convert(rates, 1, .nok, to: .eur, on: "2010-01-01")?.0 == 0)
        #expect(try Self.convert(rates, 3, .nok, to: .eur, on: "2010-01-01")?.0 == 2)
        // No NOK rate before 2010, no pivot either.
        #expect(try Self.convert(rates, 100, .nok, to: .eur, on: "2009-12-31") == nil)
    }

    @Test("through a pivot: one fraction, rounded once; the first pivot by code")
    func pivot() throws {
        let (rates, _) = try Self.rates()
        // 0.01 LVL → NOK through EUR: 1 × 1000000/702804 × 2 = 2.8457… → 3 (rounding
        // each leg would give 1 EUR cent, then 2 NOK cents).
        let throughEUR = try Self.convert(rates, 1, .lvl, to: .nok, on: "2011-01-01")
        #expect(throughEUR?.0 == 3)
        #expect(throughEUR?.1 == ["LVL→EUR 1993-03-05", "EUR→NOK 2010-01-01"])
        // From 2012 DKK, which sorts before EUR: 700 × 3 × 1/7 = 300.
        let throughDKK = try Self.convert(rates, 700, .lvl, to: .nok, on: "2012-01-01")
        #expect(throughDKK?.0 == 300)
        #expect(throughDKK?.1 == ["LVL→DKK 2012-01-01", "DKK→NOK 2012-01-01"])
        // Backwards, both legs inversely: 300 NOK cents × 7 / 3 = 700 LVL cents.
        #expect(try Self.convert(rates, 300, .nok, to: .lvl, on: "2012-06-30")?.0 == 700)
        // Before 2010 no NOK rate at all.
        #expect(try Self.convert(rates, 1, .lvl, to: .nok, on: "2009-12-31") == nil)
    }

    @Test("statistics list every stored rate used, both legs of a pivot, sorted")
    func ratesUsed() throws {
        let (_, scratch) = try Self.rates()
        let portfolio = scratch.portfolio
        try portfolio.organisations.create(Organisation(handle: "owner", name: "Owner", country: "LV"))
        try portfolio.fundingSources.create(FundingSource(handle: "d", kind: .donor, title: "Donor"))
        try portfolio.projects.create(Project(reference: "P-1", title: "P-1", owner: "owner"))
        _ = try portfolio.applications.create(Application(
            project: "P-1", fundingSource: "d", currency: "EUR",
            participants: [Participation(organisation: "owner", role: .leadApplicant)],
            statusHistory: [StatusEvent(status: .submitted, effectiveOn: .day("2011-01-01"))],
            money: [
                MoneyFigure(kind: .totalCost, amount: Money(minorUnits: 1, currency: .lvl), setOn: .day("2011-01-01")),
                MoneyFigure(kind: .requested, amount: Money(minorUnits: 100, currency: .nok), setOn: .day("2009-01-01")),
            ]))
        let statistics = try portfolio.database.read { db in
            try ReferenceStatistics.statistics(db, asOf: .day("2020-01-01"), options: StatisticsOptions(
                breakdowns: [], reportingCurrency: "NOK"))
        }
        #expect(statistics.ratesUsed.map { "\($0.from)→\($0.to)" } == ["EUR→NOK", "LVL→EUR"])
        #expect(statistics.total.money(.pending).totalCost.converted == Money(minorUnits: 3, currency: .nok))
        #expect(statistics.unconvertible.isEmpty)
        let inEUR = try portfolio.database.read { db in
            try ReferenceStatistics.statistics(db, asOf: .day("2020-01-01"), options: StatisticsOptions())
        }
        // 1.00 NOK on 2009-01-01: no rate yet, so it is kept apart.
        #expect(inEUR.unconvertible.map(\.amount) == [Money(minorUnits: 100, currency: .nok)])
        #expect(inEUR.total.money(.pending).requested.unconverted == [Money(minorUnits: 100, currency: .nok)])
    }
}
