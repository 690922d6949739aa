import ArgumentParser
import Foundation
import GrantPortfolio

@main
struct Grants: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grants",
        abstract: "Keep a grant portfolio in one SQLite file, and ask it questions.",
        discussion: """
            Every command works on the database named by --db, or by the GRANTS_DB \
            environment variable, or on portfolio.sqlite in the current folder.

            Examples:
              grants migrate --db lpr.sqlite
              grants check --db lpr.sqlite
              grants backup --db lpr.sqlite lpr-backup.sqlite
            """,
        version: GrantPortfolioVersion.string,
        subcommands: [MigrateCommand.self, ImportCommand.self, ExportCommand.self, CheckCommand.self, BackupCommand.self,
                      QueryCommand.self, TablesCommand.self, SchemaCommand.self,
                      DemoCommand.self, StatsCommand.self, ProjectsCommand.self, StatusCommand.self, ReportCommand.self]
    )

    /// Parses the command line and runs the command. Errors become one line on
    /// standard error: exit code 2 for usage errors, 1 for everything else.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            reportAndExit(error)
        }
    }
}
