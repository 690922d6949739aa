import ArgumentParser
import GrantsOutput
import SQLiteCore

struct TablesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tables",
        abstract: "List the tables and views in the database.",
        discussion: """
            Lists every table and view, tables first, each kind by name, with its \
            type; with --counts, also the number of rows in each (counting a view \
            runs it). SQLite's internal tables (sqlite_...) are left out. The \
            database is opened read-only and never changed.

            Examples:
              grants tables --db lpr.sqlite
              grants tables --db lpr.sqlite --counts
              grants tables --db lpr.sqlite --counts --format json
            """)

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Count the rows of each table and view.")
    var counts = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        let db = try AdHocQuery.openConnection(path: database.resolvedPath)
        let tables = try DatabaseInspector(db).tables(counts: counts)
        var columns = ["name", "type"]
        var alignments: [TextTable.Alignment] = [.left, .left]
        if counts {
            columns.append("rows")
            alignments.append(.right)
        }
        var printer = RowPrinter(format: output.format, columns: columns, alignments: alignments)
        for table in tables {
            var row: [SQLiteValue] = [.text(table.name), .text(table.kind.rawValue)]
            if counts { row.append(table.rowCount.map(SQLiteValue.integer) ?? .null) }
            try printer.write(row)
        }
        try printer.finish()
    }
}
