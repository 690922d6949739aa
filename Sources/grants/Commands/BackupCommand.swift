import ArgumentParser
import SQLiteCore

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database to another file, safely, while it is in use.",
        discussion: """
            Uses SQLite's online backup API: the copy is a consistent snapshot even \
            when other programs write to the database meanwhile. An existing file \
            at the destination is replaced.

            Example:
              grants backup --db lpr.sqlite lpr-2026-11-29.sqlite
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The file to write the copy to.", valueName: "to"))
    var destination: String

    func run() throws {
        let db = try Connection(path: database.resolvedPath, configuration: .readOnlyQuery)
        try db.backup(to: destination)
        print("backed up \(database.resolvedPath) to \(destination)")
    }
}
