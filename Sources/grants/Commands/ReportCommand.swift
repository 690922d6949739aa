import ArgumentParser
import Foundation
import GrantPortfolio
import GrantsReport

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the portfolio as one self-contained HTML report, with charts, to print or share.",
        discussion: """
            Writes one HTML file that needs nothing else: no network, no script, no \
            outside font or style sheet; it opens from a file with JavaScript off \
            and prints on A4, a page a section. It shows, as of --as-of (default: \
            today), the headline figures and the press-release paragraph; charts \
            (inline SVG, each with a data table) of the outcomes by year of \
            submission, the approved budget by funding source, the success rate by \
            year, the pipeline and the themes; every project's status, funder and \
            approved amount, linked to its history; the exchange rates used and the \
            figures that could not be converted. --lang writes it in English, \
            Latvian or Norwegian bokmål, with that language's number and date \
            formats and plural forms.

            Examples:
              grants report --db lpr.sqlite
              grants report --db lpr.sqlite --lang lv --output lpr-2026.html
              grants report --db lpr.sqlite --as-of 2010-01-01 --lang nb
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The figures as of this date (YYYY-MM-DD). Default: today.", valueName: "date"))
    var asOf: String?

    @Option(help: ArgumentHelp("The report's language: en, lv or nb.", valueName: "lang"))
    var lang: ReportLanguage = .en

    @Option(help: ArgumentHelp("The HTML file to write.", valueName: "file"))
    var output: String = "portfolio-report.html"

    func validate() throws {
        _ = try CommandDate.parse(asOf, option: "--as-of")
    }

    func run() throws {
        let portfolio = try Portfolio(path: try ExistingDatabase.path(database), readOnly: true)
        let date = try CommandDate.parse(asOf, option: "--as-of") ?? .today
        let report = try PortfolioReport(portfolio: portfolio, asOf: date, language: lang)
        let html = try ReportRenderer().document(report)
        try OutputFile.write(to: output) { stream in stream.write(html) }
        print("wrote \(output) (as of \(date), \(lang.rawValue))")
    }
}

extension ReportLanguage: ExpressibleByArgument {}
