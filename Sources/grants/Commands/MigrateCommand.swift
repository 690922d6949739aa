import ArgumentParser
import GrantPortfolio
import SQLiteCore

struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create the database, or bring its schema up to date.",
        discussion: """
            Applies each migration the database does not have yet, each in its own \
            transaction, and prints the schema version before and after. A database \
            made by a newer version of grants, or whose applied migrations were \
            altered, is refused and left untouched.

            It also brings the statistics facts of projects that another program \
            changed, or that an upgrade left to work out, up to date at once, with \
            progress on a terminal. --rebuild-statistics empties the \
            derived statistics tables and works every project's facts out again, \
            in one transaction, with progress on a terminal.

            Examples:
              grants migrate --db lpr.sqlite
              grants migrate --status --db lpr.sqlite
              grants migrate --rebuild-statistics --db lpr.sqlite
            """)

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "List the migrations and which are applied; change nothing.")
    var status = false

    @Flag(help: "Work every project's statistics facts out again, in one transaction.")
    var rebuildStatistics = false

    func run() throws {
        if status {
            let db = try Connection(path: database.resolvedPath, configuration: .readOnlyQuery)
            for entry in try PortfolioSchema.migrator.status(db) {
                let version = String(format: "%04d", entry.migration.version)
                let state = entry.appliedAt.map { "applied \($0)" } ?? "pending"
                print("\(version)  \(entry.migration.name.padding(toLength: 24, withPad: " ", startingAt: 0))  \(state)")
            }
            return
        }
        let portfolio = try Portfolio(path: database.resolvedPath)
        let report = portfolio.migration
        if report.applied.isEmpty {
            print("\(database.resolvedPath): schema version \(report.toVersion), up to date")
        } else {
            print("\(database.resolvedPath): schema version \(report.fromVersion) → \(report.toVersion)")
            for migration in report.applied {
                print("  applied \(String(format: "%04d", migration.version)) \(migration.name)")
            }
        }
        let progress = ProgressLine("projects")
        if rebuildStatistics {
            try portfolio.rebuildStatistics { done, total in progress.update(done, total) }
            progress.finish()
            print("\(database.resolvedPath): statistics facts rebuilt")
        } else {
            // What an upgrade, or another program's writes, left to work out: at once, with progress.
            try portfolio.refreshStatistics { done, total in progress.update(done, total) }
            progress.finish()
        }
    }
}

extension Connection.Configuration {
    /// Read-only at the SQLite level, for commands that only look.
    static var readOnlyQuery: Connection.Configuration {
        var configuration = Connection.Configuration()
        configuration.mode = .readOnly
        configuration.isQueryOnly = true
        return configuration
    }
}
