import Foundation
import GrantPortfolio
import GrantsReport
import Testing

/// The HTML the renderer writes: self-contained, no script, every chart an
/// SVG with a title, a description and a data table, every text escaped.
@Suite("Report document")
struct ReportDocumentTests {
    static let hostileTitles = [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(2)>",
        "<svg onload=alert(3)>",
        "' OR '1'='1 &amp; <b>bold</b>",
        "Rīga\u{202E}evil\u{200F} 日本 🇱🇻 e\u{301}",
        "javascript:alert(4)",
        // A quote with a combining mark: one Character in Swift, two code points in HTML.
        "x\"\u{301} onmouseover=alert(5) '\u{301}",
    ]

    @Test("hostile titles and notes show as text: nothing they hold becomes markup", arguments: ReportLanguage.allCases)
    func escaping(language: ReportLanguage) throws {
        let fixture = try FixturePortfolio()
        defer { fixture.remove() }
        for (index, title) in Self.hostileTitles.enumerated() {
            let reference = "HOSTILE-\(index)<i>"
            try fixture.portfolio.projects.create(Project(reference: reference, title: title, owner: "lpr"))
            try fixture.portfolio.applications.create(Application(
                project: reference, fundingSource: "norway-grants", submittedOn: try CalendarDate("2020-02-01"),
                funderReference: "<ref>\(index)", currency: "EUR",
                statusHistory: [
                    StatusEvent(status: .draft, effectiveOn: try CalendarDate("2020-01-01"), note: title),
                    StatusEvent(status: .submitted, effectiveOn: try CalendarDate("2020-02-01")),
                ]))
        }
        let report = try PortfolioReport(portfolio: fixture.portfolio, asOf: FixturePortfolio.seedDate, language: language)
        let html = try ReportRenderer().document(report)
        #expect(html.range(of: "<script", options: .caseInsensitive) == nil)
        #expect(html.range(of: "<img", options: .caseInsensitive) == nil)
        #expect(html.range(of: "<svg onload", options: .caseInsensitive) == nil)
        #expect(html.range(of: "<b>", options: .caseInsensitive) == nil)
        #expect(html.range(of: "<i>", options: .caseInsensitive) == nil)
        #expect(html.range(of: "<ref>", options: .caseInsensitive) == nil)
        #expect(html.range(of: "href=\"javascript", options: .caseInsensitive) == nil)
        // The text is there, escaped: in the project table, the history heading and the note.
        #expect(html.occurrences(of: "&lt;script&gt;alert(1)&lt;/script&gt;") >= 3)
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
        #expect(html.contains("&#39; OR &#39;1&#39;=&#39;1 &amp;amp; &lt;b&gt;bold&lt;/b&gt;"))
        #expect(html.contains("HOSTILE-0&lt;i&gt;"))
        #expect(html.contains("Rīga\u{202E}evil\u{200F} 日本 🇱🇻 e\u{301}"))
        // Escaped one Unicode scalar at a time (outside #expect, whose
        // expansion cannot take a combining mark in a literal).
        let doubleQuoteWithMark = "\"" + "\u{301}", singleQuoteWithMark = "'" + "\u{301}"
        #expect(!html.unicodeScalars.elementsEqualSomewhere(doubleQuoteWithMark.unicodeScalars))
        #expect(!html.unicodeScalars.elementsEqualSomewhere(singleQuoteWithMark.unicodeScalars))
        #expect(html.contains("x&quot;\u{301} onmouseover=alert(5) &#39;\u{301}"))
        // The hostile projects count: 14 + 7 developed, 7 more submitted.
        #expect(report.statistics.total.counts.developed == 21)
    }

    @Test("self-contained: no script, no outside reference, print CSS for A4", arguments: ReportLanguage.allCases)
    func selfContained(language: ReportLanguage) throws {
        let fixture = try FixturePortfolio()
        defer { fixture.remove() }
        let report = try PortfolioReport(portfolio: fixture.portfolio, asOf: FixturePortfolio.seedDate, language: language)
        let html = try ReportRenderer().document(report)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">"))
        #expect(html.range(of: "<script", options: .caseInsensitive) == nil)
        #expect(html.range(of: "http://", options: .caseInsensitive) == nil)
        #expect(html.range(of: "https://", options: .caseInsensitive) == nil)
        #expect(html.range(of: "//", options: .caseInsensitive) == nil, "no protocol-relative or absolute URL")
        for outside in ["<link", "<iframe", "<object", "<embed", "<img", "src=", "@import", "url(", "@font-face"] {
            #expect(html.range(of: outside, options: .caseInsensitive) == nil, "\(outside)")
        }
        #expect(html.range(of: " on[a-z]+=", options: [.regularExpression, .caseInsensitive]) == nil, "no event handler attributes")
        // Every link is a fragment of the document itself, and every fragment is there.
        let links = html.matches(#"href="([^"]*)""#)
        #expect(!links.isEmpty)
        for link in links {
            #expect(link.hasPrefix("#"), "\(link)")
            #expect(html.contains("id=\"\(link.dropFirst())\""), "\(link)")
        }
        #expect(html.contains("@page { size: A4"))
        #expect(html.contains("break-before: page"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        // Every money kind and status is named in the report's language, not by its code.
        for kind in MoneyFigure.Kind.allCases { #expect(!html.contains(">\(kind.rawValue)<"), "\(kind)") }
        for status in ["draft", "submitted", "under_evaluation", "approved", "rejected", "withdrawn"] {
            #expect(!html.contains(">\(status)<"), "\(status)")
        }
    }

    @Test("every chart is an inline SVG with a title, a description and a data table under it")
    func charts() throws {
        let fixture = try FixturePortfolio()
        defer { fixture.remove() }
        let report = try PortfolioReport(portfolio: fixture.portfolio, asOf: FixturePortfolio.seedDate, language: .en)
        let html = try ReportRenderer().document(report)
        let figures = html.components(separatedBy: "<figure class=\"chart\"").dropFirst()
        #expect(figures.count == 5)
        #expect(report.charts.map(\.id) == [
            "chart-outcomes-by-year", "chart-budget-by-source", "chart-success-rate", "chart-pipeline", "chart-themes",
        ])
        for figure in figures {
            let body = figure.components(separatedBy: "</figure>")[0]
            let svg = try #require(body.range(of: "<svg"))
            let title = try #require(body.range(of: "<title id="))
            let desc = try #require(body.range(of: "<desc id="))
            let end = try #require(body.range(of: "</svg>"))
            let table = try #require(body.range(of: "<table>"))
            #expect(svg.lowerBound < title.lowerBound && title.lowerBound < desc.lowerBound && desc.lowerBound < end.lowerBound)
            #expect(end.lowerBound < table.lowerBound, "the table is under the chart")
            #expect(body.contains("<rect") || body.contains("<polyline"))
        }
        // The colours are Okabe–Ito's (and a grey).
        let fills = Set(html.matches(#"fill="(#[0-9A-F]{6})""#))
        #expect(fills.isSubset(of: ["#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"]))
        // The charts' data: outcomes by year add up to the headline; the pipeline's stages.
        let outcomes = report.charts[0].table
        #expect(outcomes.rows.map { Int($0.cells.last?.text ?? "") ?? 0 }.reduce(0, +) == 14)
        #expect(report.charts[3].table.rows.map { $0.cells.map(\.text) } == [
            ["In preparation", "0"], ["Submitted", "0"], ["Under evaluation", "4"], ["Decided", "10"],
        ])
    }

    @Test("the project table: status, funder, approved amount and a link to the history")
    func projectTable() throws {
        let fixture = try FixturePortfolio()
        defer { fixture.remove() }
        let report = try PortfolioReport(portfolio: fixture.portfolio, asOf: FixturePortfolio.seedDate, language: .lv)
        #expect(report.projects.count == 14)
        #expect(report.projects.filter { !$0.approvedAmount.isEmpty }.count == 8)
        #expect(report.projects.filter { $0.status == "Izvērtēšanā" }.count == 4)
        #expect(report.histories.map(\.anchor) == report.projects.map(\.anchor))
        // The approved amounts add up to the headline's approved budget.
        let standings = try fixture.portfolio.projectStandings(asOf: FixturePortfolio.seedDate)
        var sum = Money.zero(.eur)
        for standing in standings { if let budget = standing.approvedBudget { sum = try sum + budget } }
        #expect(sum == report.statistics.total.approvedBudget.converted)
        #expect(sum.description == "3,228,810.00 EUR")
        let html = try ReportRenderer().document(report)
        for row in report.projects {
            #expect(html.contains("<a href=\"#\(row.anchor)\">"))
            #expect(html.contains("<article class=\"history\" id=\"\(row.anchor)\">"))
        }
    }

    @Test("the sections alone are the document's body, without head or style")
    func sections() throws {
        let fixture = try FixturePortfolio()
        defer { fixture.remove() }
        let report = try PortfolioReport(portfolio: fixture.portfolio, asOf: FixturePortfolio.seedDate, language: .nb)
        let renderer = try ReportRenderer()
        let sections = renderer.sections(report)
        let document = renderer.document(report)
        #expect(document.contains(sections))
        for tag in ["<html", "<head>", "<style", "<body"] { #expect(!sections.contains(tag)) }
        for id in ["report-headline", "report-charts", "report-projects", "report-histories", "report-rates"] {
            #expect(sections.contains("id=\"\(id)\""))
        }
        #expect(sections.contains(report.paragraph))
        #expect(ReportRenderer.styleSheet.contains(".grants-report"))
    }

    @Test("the asynchronous report is the synchronous one")
    func asynchronous() async throws {
        let fixture = try FixturePortfolio()
        defer { fixture.remove() }
        let synchronous = try Self.synchronousReport(fixture.portfolio)
        let asynchronous = try await PortfolioReport(portfolio: fixture.portfolio, asOf: FixturePortfolio.seedDate, language: .lv)
        #expect(asynchronous.paragraph == synchronous.paragraph)
        #expect(asynchronous.charts == synchronous.charts)
        #expect(asynchronous.projects == synchronous.projects)
        #expect(asynchronous.histories == synchronous.histories)
        let renderer = try ReportRenderer()
        #expect(renderer.document(asynchronous) == renderer.document(synchronous))
    }

    @Test("without projects: no project table or histories, the same figures and charts")
    func withoutProjects() async throws {
        let fixture = try FixturePortfolio()
        defer { fixture.remove() }
        let full = try Self.synchronousReport(fixture.portfolio)
        let summary = try await PortfolioReport(
            portfolio: fixture.portfolio, asOf: FixturePortfolio.seedDate, language: .lv, includingProjects: false)
        #expect(!summary.includesProjects && full.includesProjects)
        #expect(summary.projects.isEmpty && summary.histories.isEmpty)
        #expect(summary.paragraph == full.paragraph)
        #expect(summary.charts == full.charts)
        let sections = try ReportRenderer().sections(summary)
        #expect(!sections.contains("report-projects") && !sections.contains("report-histories"))
        #expect(sections.contains("report-charts") && sections.contains("report-rates"))
        #expect(!sections.contains("href=\"#project-"))
    }

    /// The synchronous initializer (an async caller would get the async one).
    static func synchronousReport(_ portfolio: Portfolio) throws -> PortfolioReport {
        try PortfolioReport(portfolio: portfolio, asOf: FixturePortfolio.seedDate, language: .lv)
    }

    @Test("the rates used and the unconvertible figures are listed")
    func ratesAndUnconvertible() throws {
        let fixture = try FixturePortfolio()
        defer { fixture.remove() }
        let report = try PortfolioReport(portfolio: fixture.portfolio, asOf: FixturePortfolio.seedDate, language: .en)
        #expect(report.rates.rows.count == report.statistics.ratesUsed.count)
        #expect(report.unconvertible.rows.count == report.statistics.unconvertible.count)
        let html = try ReportRenderer().document(report)
        #expect(html.contains("Exchange rates used"))
        #expect(html.contains("Figures that could not be converted"))
        if report.statistics.ratesUsed.contains(where: { $0.from == "LVL" }) {
            #expect(html.contains("(1 EUR = 0.702804 LVL)"))
        }
    }
}

extension String {
    /// The first capture group of every match of `pattern`.
    func matches(_ pattern: String) -> [String] {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(startIndex..., in: self)
        return expression.matches(in: self, range: range).compactMap { match in
            Range(match.range(at: 1), in: self).map { String(self[$0]) }
        }
    }
}

extension String.UnicodeScalarView {
    /// Whether `needle`'s scalars occur here in a row (String's own search
    /// compares whole characters, and a quote with a combining mark is one).
    func elementsEqualSomewhere(_ needle: String.UnicodeScalarView) -> Bool {
        let haystack = Array(self), pattern = Array(needle)
        guard !pattern.isEmpty, haystack.count >= pattern.count else { return false }
        return (0...(haystack.count - pattern.count)).contains { start in
            haystack[start..<(start + pattern.count)].elementsEqual(pattern)
        }
    }
}
