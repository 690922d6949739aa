import ArgumentParser
import SQLiteCore

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run one read-only SQL statement and print its rows.",
        discussion: """
            Opens the database read-only at the SQLite level (SQLITE_OPEN_READONLY and \
            PRAGMA query_only), so the file is never changed, and runs exactly one \
            statement under SQLite's authorizer. These are refused with an error and \
            exit code 1, before any row is printed: any write (INSERT, UPDATE, DELETE, \
            CREATE, DROP, ALTER, ANALYZE, REINDEX, ...), anything SQLite reports as \
            writing (VACUUM, also VACUUM INTO), ATTACH and DETACH, transaction control, \
            more than one statement, any function but SQLite's built-in ones that \
            compute a value (so no load_extension or fts3_tokenizer), and any PRAGMA \
            but the reading ones, also through their table-valued functions \
            (pragma_...): table_info, table_xinfo, index_list, index_info, index_xinfo, \
            foreign_key_list, foreign_key_check, integrity_check, quick_check and \
            table_list (with one argument or none), and user_version, schema_version, \
            application_id, compile_options, database_list, collation_list, \
            function_list, module_list, pragma_list, page_count, page_size, \
            freelist_count, encoding and data_version (no argument).

            Parameters: write :name (or @name, $name) in the SQL and give --param \
            name=value; values are bound, never pasted into the SQL. A value is bound \
            as an INTEGER when it is a 64-bit integer written as SQLite prints one \
            (-?(0|[1-9][0-9]*), not -0), and as TEXT otherwise, exactly as given: 007, \
            +1, 1.5 and 'x'; y are text. Use \
            CAST(:x AS REAL) in the SQL for other types.

            CSV and JSON output is streamed row by row; a table is printed when the \
            last row is read.

            Examples:
              grants query --db lpr.sqlite "SELECT key, value FROM metadata"
              grants query "SELECT * FROM metadata WHERE key = :k" --param k=application
              grants query "PRAGMA table_info(metadata)" --format json
              grants query "SELECT * FROM schema_migrations" --format csv > migrations.csv
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The SQL statement to run (one statement, read-only).", valueName: "sql"))
    var sql: String

    @Option(
        name: .customLong("param"),
        help: ArgumentHelp(
            "A value for the parameter :name in the SQL; repeat for more.",
            valueName: "name=value"))
    var parameterArguments: [String] = []

    @OptionGroup var output: OutputOptions

    /// The parsed `--param` values.
    private var parameters: [QueryParameter] {
        get throws { try parameterArguments.map(QueryParameter.init(parsing:)) }
    }

    func validate() throws {
        do {
            _ = try parameters
        } catch let error as AdHocQueryError {
            throw ValidationError("--param: \(error)")
        }
    }

    func run() throws {
        let db = try AdHocQuery.openConnection(path: database.resolvedPath)
        let query = try AdHocQuery(sql: sql, parameters: parameters, on: db)
        var printer = RowPrinter(format: output.format, columns: query.columnNames)
        try query.forEachRow { try printer.write($0) }
        try printer.finish()
    }
}
