import ArgumentParser
import SQLiteCore

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the database file's integrity and foreign keys.",
        discussion: """
            Runs PRAGMA integrity_check and PRAGMA foreign_key_check on a read-only \
            connection. Prints "ok" and exits 0 when the file is sound; otherwise \
            prints each problem and exits 1.

            Example:
              grants check --db lpr.sqlite
            """)

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let db = try Connection(path: database.resolvedPath, configuration: .readOnlyQuery)
        let problems = try db.integrityProblems()
        if problems.isEmpty {
            print("ok")
            return
        }
        problems.forEach { print($0) }
        throw ExitCode.failure
    }
}
