import ArgumentParser
import Foundation
import GrantPortfolio
import GrantPortfolioPostgres
import GrantsOutput

struct ProjectsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projects",
        abstract: "List the published projects, as grants projects list does.",
        discussion: """
            The same columns and order as grants projects list on the portfolio's file \
            (by reference): the outcome from the published facts, as of --as-of or the \
            latest; the latest-submitted application's status; the number of \
            applications; the first submission. With several portfolios, their projects \
            are listed together. Filters: --outcome (repeatable), --limit.

            Examples:
              grants-central projects --portfolio lpr
              grants-central projects --portfolio lpr --outcome approved --as-of 2013-12-31 --format csv
            """)

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .customLong("portfolio"), help: ArgumentHelp("A portfolio (repeat it; default: all).", valueName: "handle"))
    var portfolios: [String] = []

    @Option(help: ArgumentHelp("An outcome: approved, pending, preparation, rejected, withdrawn or none; repeatable.", valueName: "outcome"))
    var outcome: [ProjectOutcome] = []

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Judge statuses and outcomes on this date (YYYY-MM-DD).", valueName: "date"))
    var asOf: String?

    @Option(help: ArgumentHelp("At most this many projects.", valueName: "n"))
    var limit: Int?

    @Option(help: ArgumentHelp("How to print: table, csv or json.", valueName: "format"))
    var format: TabularFormat = .table

    func validate() throws {
        _ = try parsedDate()
        if let limit, limit < 0 { throw ValidationError("--limit must not be negative") }
    }

    private func parsedDate() throws -> CalendarDate? {
        guard let asOf else { return nil }
        do {
            return try CalendarDate(asOf)
        } catch {
            throw ValidationError("--as-of: '\(asOf)' is not a date (YYYY-MM-DD)")
        }
    }

    func run() async throws {
        let date = try parsedDate()
        let projects = try await connection.withDatabase {
            try await $0.projects(portfolios: portfolios, asOf: date, outcomes: outcome, limit: limit)
        }
        let machine = format != .table
        var table = ReportTable(columns: [
            .init(machine ? "reference" : "Reference"), .init(machine ? "title" : "Title"),
            .init(machine ? "outcome" : "Outcome"), .init(machine ? "latest_status" : "Latest status"),
            .init(machine ? "applications" : "Apps", alignment: .right),
            .init(machine ? "first_submitted_on" : "First submitted"),
        ])
        for project in projects {
            table.append([
                project.reference, project.title, project.outcome.rawValue, project.latestStatus ?? "",
                String(project.applicationCount), project.firstSubmittedOn ?? "",
            ])
        }
        printOut(table.text(format))
    }
}

extension ProjectOutcome: ExpressibleByArgument {}
