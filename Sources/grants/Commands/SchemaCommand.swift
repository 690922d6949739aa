import ArgumentParser
import Foundation
import GrantsOutput
import SQLiteCore

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the SQL that creates the database's tables, views, indexes and triggers.",
        discussion: """
            Prints each object's CREATE statement as SQLite stores it, ending in a \
            semicolon: tables first, then views, indexes and triggers, each kind by \
            name. Name tables or views to print only those and their indexes and \
            triggers. SQLite's internal objects (sqlite_...) are left out. The \
            database is opened read-only and never changed.

            Examples:
              grants schema --db lpr.sqlite
              grants schema --db lpr.sqlite metadata schema_migrations
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("Only these tables or views (default: all).", valueName: "table"))
    var tables: [String] = []

    func run() throws {
        let db = try AdHocQuery.openConnection(path: database.resolvedPath)
        let objects = try DatabaseInspector(db).schema(tables: tables)
        let stdout = FileHandleOutputStream(.standardOutput)
        for object in objects {
            stdout.write(object.sql + ";\n")
        }
        try stdout.flush()
    }
}
