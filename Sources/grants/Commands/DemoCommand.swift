import ArgumentParser
import Foundation
import GrantPortfolio
import GrantsOutput

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build the Latgale Planning Region demo portfolio and print its figures.",
        discussion: """
            Loads the portfolio bundled in the grants binary (the Latgale Planning \
            Region fixture: 14 projects since 2007) into a database and prints the \
            headline, then the projects by status and by theme. Nothing else needs \
            to be set up, and it works from any folder.

            Without --db the database is a temporary file, deleted afterwards. With \
            --db PATH it is kept there for trying the other commands; PATH must not \
            hold a portfolio yet.

            Examples:
              grants demo
              grants demo --db lpr.sqlite
              grants stats --db lpr.sqlite --by theme
            """)

    @Option(
        name: .customLong("db"),
        help: ArgumentHelp("Keep the demo database in this file (new, or without projects).", valueName: "path"))
    var path: String?

    func run() throws {
        guard let fixture = DemoFixture.text else {
            throw ValidationFailure("the demo portfolio is not embedded in this build")
        }
        var temporaryFolder: URL?
        let databasePath: String
        if let path {
            databasePath = path
        } else {
            let folder = FileManager.default.temporaryDirectory
                .appendingPathComponent("grants-demo-\(UUID().uuidString)", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            temporaryFolder = folder
            databasePath = folder.appendingPathComponent("demo.sqlite").path
        }
        defer {
            if let temporaryFolder { try? FileManager.default.removeItem(at: temporaryFolder) }
        }
        var report = CommandReport(format: .table)
        try build(at: databasePath, fixture: fixture, into: &report)
        report.line("")
        if path != nil {
            report.line("The demo portfolio is in \(databasePath). Next:")
            report.line("  grants stats --db \(databasePath) --by theme")
            report.line("  grants projects list --db \(databasePath) --outcome approved")
            report.line("  grants query --db \(databasePath) \"SELECT * FROM portfolio_summary\"")
        } else {
            report.line("(A temporary database, now deleted. Keep one with: grants demo --db lpr.sqlite)")
        }
        try report.finish()
    }

    /// Loads the fixture and writes the figures. The portfolio is closed on return.
    private func build(at databasePath: String, fixture: String, into report: inout CommandReport) throws {
        let portfolio = try Portfolio(path: databasePath)
        if try portfolio.projects.count() > 0 {
            throw ValidationFailure("\(databasePath) already holds a portfolio; give grants demo a new file")
        }
        try portfolio.importDocument(from: Data(fixture.utf8))
        let statistics = try portfolio.statistics(options: StatisticsOptions(breakdowns: [.status, .theme]))
        report.line(statistics.headline)
        report.line("As of \(statistics.asOf). Success rate: \(statistics.total.counts.successRate) of decided projects.")
        for breakdown in statistics.breakdowns {
            report.line("")
            report.rows(StatisticsTables.breakdown(breakdown, statistics: statistics, machine: false))
        }
    }
}
