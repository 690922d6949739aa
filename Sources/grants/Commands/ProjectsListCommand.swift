import ArgumentParser
import GrantPortfolio
import GrantsOutput

struct ProjectsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the projects that match every filter given.",
        discussion: """
            Filters compose: a project is listed when it matches all of them. \
            --status and --outcome may be repeated (any of the values matches). \
            Statuses and outcomes are judged as of --as-of (default: each \
            application's latest status). The outcome is approved, pending, \
            preparation, rejected, withdrawn or none; a project approved in one call \
            after a rejection in another is approved. --source matches the funding \
            source and everything below it (by handle); --theme is vocabulary:code or \
            just code; --year is a year of submission; --text is found in the \
            reference or title, ignoring case and diacritics ("latgale" finds \
            "Latgales").

            Examples:
              grants projects list --db lpr.sqlite
              grants projects list --db lpr.sqlite --outcome approved --source norway-grants
              grants projects list --db lpr.sqlite --status under_evaluation --format csv
              grants projects list --db lpr.sqlite --theme education --as-of 2012-12-31
              grants projects list --db lpr.sqlite --text trondelag --limit 5
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("A status code, such as under_evaluation; repeatable.", valueName: "status"))
    var status: [String] = []

    @Option(help: ArgumentHelp("An outcome: approved, pending, preparation, rejected, withdrawn or none; repeatable.", valueName: "outcome"))
    var outcome: [ProjectOutcome] = []

    @Option(help: ArgumentHelp("A funding source handle: that node and everything below it.", valueName: "handle"))
    var source: String?

    @Option(help: ArgumentHelp("A theme, as vocabulary:code or code.", valueName: "theme"))
    var theme: String?

    @Option(help: ArgumentHelp("A year with a submission.", valueName: "year"))
    var year: Int?

    @Option(help: ArgumentHelp("Text in the reference or title.", valueName: "text"))
    var text: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Judge statuses and outcomes on this date (YYYY-MM-DD).", valueName: "date"))
    var asOf: String?

    @Option(help: ArgumentHelp("At most this many projects.", valueName: "n"))
    var limit: Int?

    @Option(help: ArgumentHelp("How to print: table, csv or json.", valueName: "format"))
    var format: OutputFormat = .table

    func validate() throws {
        _ = try CommandDate.parse(asOf, option: "--as-of")
        if let limit, limit < 0 { throw ValidationError("--limit must not be negative") }
        if let year, !(1...9999).contains(year) { throw ValidationError("--year: '\(year)' is not a year") }
    }

    func run() throws {
        let portfolio = try Portfolio(path: try ExistingDatabase.path(database), readOnly: true)
        var query = ProjectQuery()
        query.asOf = try CommandDate.parse(asOf, option: "--as-of")
        query.statuses = status.map(StatusCode.init(rawValue:))
        query.outcomes = outcome
        query.fundingSource = source
        if let theme {
            let parts = theme.split(separator: ":", maxSplits: 1).map(String.init)
            query.theme = parts.count == 2
                ? Theme.Key(vocabulary: parts[0], code: parts[1]) : Theme.Key(vocabulary: "", code: theme)
        }
        query.submittedInYear = year
        query.text = text
        query.limit = limit
        let projects = try portfolio.projects.search(query)
        let table = ProjectTables.list(projects, machine: format != .table)
        var report = CommandReport(format: format)
        report.rows(table)
        try report.finish()
    }
}

extension ProjectOutcome: ExpressibleByArgument {}
