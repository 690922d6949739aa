import ArgumentParser
import Foundation
import GrantPortfolioPostgres
import GrantsOutput
import SQLiteCore

struct QueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run one read-only SQL statement on the central database.",
        discussion: """
            Read-only twice over: the statement runs in a READ ONLY transaction, as \
            the role given by --role (default grants_reader), which may only SELECT; \
            the connecting user must be a member of it. --param values are bound to \
            $1, $2, … in order, never spliced into the SQL.

            Examples:
              grants-central query "SELECT handle, published_at FROM portfolio"
              grants-central query "SELECT count(*) FROM project p JOIN portfolio f ON f.id = p.portfolio_id WHERE f.handle = \\$1" --param lpr
            """)

    @OptionGroup var connection: ConnectionOptions

    @Option(help: ArgumentHelp("A role without write grants to run as.", valueName: "role"))
    var role = "grants_reader"

    @Option(name: .customLong("param"), help: ArgumentHelp("A value for $1, $2, … (repeat it).", valueName: "value"))
    var parameters: [String] = []

    @Option(help: ArgumentHelp("How to print the rows: table, csv or json.", valueName: "format"))
    var format: TabularFormat = .table

    @Argument(help: ArgumentHelp("The SQL statement.", valueName: "sql"))
    var sql: String

    func run() async throws {
        let result = try await connection.withDatabase { db in
            try await db.readOnlyQuery(sql, parameters: parameters, role: role)
        }
        var writer = TabularWriter(format: format, columns: result.columns, output: "")
        for row in result.rows { writer.writeRow(row.map { $0.map(SQLiteValue.text) ?? .null }) }
        writer.finish()
        printOut(writer.output)
    }
}
