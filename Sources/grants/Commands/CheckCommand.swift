import ArgumentParser
import GrantPortfolio
import SQLiteCore

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the database file's integrity and foreign keys.",
        discussion: """
            Runs PRAGMA integrity_check and PRAGMA foreign_key_check on a read-only \
            connection. Prints "ok" and exits 0 when the file is sound; otherwise \
            prints each problem and exits 1.

            With --statistics, also works every project's statistics facts out \
            again and compares them, and the change tables they add up to, with \
            the stored ones. Repair a disagreement with \
            `grants migrate --rebuild-statistics`.

            Examples:
              grants check --db lpr.sqlite
              grants check --statistics --db lpr.sqlite
            """)

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Also compare the stored statistics facts with the rules.")
    var statistics = false

    func run() throws {
        let db = try Connection(path: database.resolvedPath, configuration: .readOnlyQuery)
        var problems = try db.integrityProblems()
        if statistics && problems.isEmpty {
            let portfolio = try Portfolio(path: database.resolvedPath, readOnly: true)
            problems += try portfolio.checkStatistics().map(\.description)
        }
        if problems.isEmpty {
            print("ok")
            return
        }
        problems.forEach { print($0) }
        throw ExitCode.failure
    }
}
