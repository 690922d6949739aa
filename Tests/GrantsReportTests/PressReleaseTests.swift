import Foundation
import GrantPortfolio
import GrantsReport
import Testing

/// The press-release paragraph for the demo portfolio, against the seed
/// (`shared/seed/press-release-lv.txt`, `FACTS.md`): 14 projects since 2007,
/// 8 approved, approved budget 3 228 810 EUR, 4 under evaluation.
@Suite("Press-release paragraph")
struct PressReleaseTests {
    /// U+00A0, the no-break space Foundation on Linux groups Latvian and Norwegian numbers with.
    static let nbsp = "\u{A0}"

    @Test("Latvian, for the fixture: the seed's sentence and figures")
    func latvian() throws {
        let fixture = try FixturePortfolio()
        defer { fixture.remove() }
        let report = try PortfolioReport(portfolio: fixture.portfolio, asOf: FixturePortfolio.seedDate, language: .lv)
        #expect(report.paragraph == "Latgales plānošanas reģions kopš 2007. gada ir izstrādājis 14 projektus, no kuriem atbalstīti ir 8 (apstiprināto projektu kopējais budžets – 3\(Self.nbsp)228\(Self.nbsp)810 EUR), vēl 4 atrodas izvērtēšanā.")
        // The seed's own figures, read back from the sentence.
        #expect(report.paragraph.contains("kopš 2007. gada ir izstrādājis 14 projektus"))
        #expect(report.paragraph.contains("no kuriem atbalstīti ir 8"))
        #expect(report.paragraph.contains("3\u{A0}228\u{A0}810 EUR"))
        #expect(report.paragraph.contains("vēl 4 atrodas izvērtēšanā"))
        #expect(report.pressRelease.developed == 14)
        #expect(report.pressRelease.approved == 8)
        #expect(report.pressRelease.approvedBudget.description == "3,228,810.00 EUR")
        #expect(report.pressRelease.underEvaluation == 4)
        #expect(report.pressRelease.sinceYear == 2007)
    }

    @Test("English and Norwegian bokmål follow the same sentence")
    func englishAndNorwegian() throws {
        let fixture = try FixturePortfolio()
        defer { fixture.remove() }
        let english = try PortfolioReport(portfolio: fixture.portfolio, asOf: FixturePortfolio.seedDate, language: .en)
        #expect(english.paragraph == "Latgales plānošanas reģions has developed 14 projects since 2007, of which 8 have been approved (total budget of the approved projects: 3,228,810 EUR), and 4 more are under evaluation.")
        let norwegian = try PortfolioReport(portfolio: fixture.portfolio, asOf: FixturePortfolio.seedDate, language: .nb)
        #expect(norwegian.paragraph == "Latgales plānošanas reģions har siden 2007 utviklet 14 prosjekter, hvorav 8 er innvilget (samlet budsjett for de innvilgede prosjektene: 3\(Self.nbsp)228\(Self.nbsp)810 EUR), og 4 er fortsatt til vurdering.")
    }

    @Test("as of 2010-01-01: 3 projects, 2 approved, 786 230 EUR, 1 under evaluation")
    func earlier() throws {
        let fixture = try FixturePortfolio()
        defer { fixture.remove() }
        let report = try PortfolioReport(portfolio: fixture.portfolio, asOf: try CalendarDate("2010-01-01"), language: .lv)
        #expect(report.paragraph == "Latgales plānošanas reģions kopš 2007. gada ir izstrādājis 3 projektus, no kuriem atbalstīti ir 2 (apstiprināto projektu kopējais budžets – 786\(Self.nbsp)230 EUR), vēl 1 atrodas izvērtēšanā.")
    }

    @Test("plural forms in each language: one, zero and other")
    func plurals() throws {
        let budget = try Money(parsing: "12345.50", currency: .eur)
        func release(_ developed: Int, _ approved: Int, _ under: Int) -> PressRelease {
            PressRelease(organisation: "LPR", sinceYear: 2007, developed: developed, approved: approved,
                         approvedBudget: budget, underEvaluation: under)
        }
        #expect(release(21, 1, 1).text(in: .lv) == "LPR kopš 2007. gada ir izstrādājis 21 projektu, no kuriem atbalstīts ir 1 (apstiprināto projektu kopējais budžets – 12\(Self.nbsp)345,50 EUR), vēl 1 atrodas izvērtēšanā.")
        #expect(release(10, 0, 0).text(in: .lv) == "LPR kopš 2007. gada ir izstrādājis 10 projektus, no kuriem atbalstīti ir 0 (apstiprināto projektu kopējais budžets – 12\(Self.nbsp)345,50 EUR).")
        #expect(release(1, 1, 0).text(in: .nb) == "LPR har siden 2007 utviklet 1 prosjekt, hvorav 1 er innvilget (samlet budsjett for de innvilgede prosjektene: 12\(Self.nbsp)345,50 EUR).")
        #expect(release(1, 1, 1).text(in: .en) == "LPR has developed 1 project since 2007, of which 1 has been approved (total budget of the approved projects: 12,345.50 EUR), and 1 more is under evaluation.")
        #expect(release(1, 1, 1).text(in: .lv).contains("1 projektu, no kura atbalstīts ir 1"))
    }

    @Test("grouping: a no-break space (U+00A0) in Latvian and Norwegian, a comma in English")
    func grouping() throws {
        let money = try Money(parsing: "3228810.00", currency: .eur)
        let latvian = ReportFormatter(language: .lv)
        #expect(latvian.integer(3_228_810) == "3\u{A0}228\u{A0}810")
        #expect(latvian.money(money) == "3\u{A0}228\u{A0}810 EUR")
        #expect(!latvian.integer(3_228_810).contains(" "))
        #expect(!latvian.integer(3_228_810).contains("\u{202F}"))
        #expect(ReportFormatter(language: .nb).integer(3_228_810) == "3\u{A0}228\u{A0}810")
        #expect(ReportFormatter(language: .en).integer(3_228_810) == "3,228,810")
        #expect(latvian.money(try Money(parsing: "459304.50", currency: .eur)) == "459\u{A0}304,50 EUR")
        #expect(latvian.year(2007) == "2007")
        // CLDR's minimum grouping digits for Latvian is 2: four digits stay ungrouped, in Norwegian they group.
        #expect(latvian.integer(1000) == "1000")
        #expect(ReportFormatter(language: .nb).integer(1000) == "1\u{A0}000")
        #expect(latvian.percent(Ratio(8, of: 14)) == "57,1%")
        #expect(ReportFormatter(language: .en).percent(Ratio(8, of: 14)) == "57.1%")
        #expect(latvian.longDate(try CalendarDate("2013-12-31")).contains("2013"))
    }
}
