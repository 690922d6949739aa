import Foundation
import GrantPortfolio
import GrantsOutput
import Testing

@Suite("grants: version, help and usage errors")
struct GrantsHelpTests {
    let scratch: CLIScratch
    init() throws { scratch = try CLIScratch() }

    @Test("--version prints the library's version")
    func version() throws {
        let result = try scratch.grants("--version")
        #expect(result.exitCode == 0)
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == GrantPortfolioVersion.string)
    }

    @Test("--help lists the subcommands")
    func help() throws {
        let result = try scratch.grants("--help")
        #expect(result.exitCode == 0)
        for command in ["migrate", "check", "backup", "query", "tables", "schema"] {
            #expect(result.stdout.contains("\n  \(command) "), "\(command) missing from --help")
        }
    }

    @Test("every subcommand's --help exits 0 and shows an example", arguments: [
        "migrate", "check", "backup", "query", "tables", "schema",
    ])
    func subcommandHelp(command: String) throws {
        let result = try scratch.grants(command, "--help")
        #expect(result.exitCode == 0)
        #expect(result.stdout.contains("Example"))
        #expect(result.stdout.contains("grants \(command)"))
        #expect(result.stderr.isEmpty)
    }

    @Test("usage errors exit 2 with the error on standard error", arguments: [
        ["query"],  // no SQL
        ["tables", "--format", "xml"],
        ["query", "SELECT 1", "--param", "novalue"],
        ["tables", "--no-such-option"],
    ])
    func usageErrors(arguments: [String]) throws {
        let result = try GrantsBinary.run(arguments, in: scratch.folder)
        #expect(result.exitCode == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.first?.hasPrefix("grants: error: ") == true)
        #expect(result.stderrLines.count == 1, "\(result.stderr)")
    }
}

@Suite("grants tables and schema")
struct GrantsTablesTests {
    let scratch: CLIScratch
    init() throws { scratch = try CLIScratch() }

    @Test("after migrate, tables shows metadata and schema_migrations")
    func tables() throws {
        let db = try scratch.migratedDatabase()
        let before = try scratch.bytes(db)
        let result = try scratch.grants("tables", "--db", db)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("name") == true)
        #expect(lines.contains { $0.hasPrefix("metadata ") && $0.hasSuffix("table") })
        #expect(lines.contains { $0.hasPrefix("schema_migrations ") && $0.hasSuffix("table") })
        #expect(!result.stdout.contains("sqlite_"))
        #expect(try scratch.bytes(db) == before)
    }

    @Test("tables --counts, as JSON and CSV")
    func counts() throws {
        let db = try scratch.migratedDatabase()
        let json = try scratch.grants("tables", "--db", db, "--counts", "--format", "json")
        #expect(json.exitCode == 0, "\(json.stderr)")
        let objects = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [[String: Any]])
        let metadata = try #require(objects.first { $0["name"] as? String == "metadata" })
        #expect(metadata["type"] as? String == "table")
        #expect(metadata["rows"] as? Int == 1)
        #expect(json.stdout.contains(#""name": "metadata",\#n    "type": "table",\#n    "rows": 1"#))

        let csv = try scratch.grants("tables", "--db", db, "--counts", "--format", "csv")
        #expect(csv.stdout.hasPrefix("name,type,rows\r\n"))
        #expect(csv.stdout.contains("\r\nmetadata,table,1\r\n"))
    }

    @Test("tables with --counts in a table: counts right-aligned")
    func countsTable() throws {
        let db = try scratch.migratedDatabase()
        let result = try scratch.grants("tables", "--db", db, "--counts")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.hasSuffix("rows") == true)
        let widths = Set(lines.map { DisplayWidth.of($0) })
        #expect(widths.count == 1, "rows end in one column")
    }

    @Test("schema prints each CREATE statement with a semicolon; a table's own objects on request")
    func schema() throws {
        let db = try scratch.migratedDatabase()
        let result = try scratch.grants("schema", "--db", db)
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("CREATE TABLE metadata ("))
        #expect(result.stdout.contains("CREATE TABLE schema_migrations"))
        #expect(!result.stdout.contains("sqlite_"))

        let only = try scratch.grants("schema", "--db", db, "metadata")
        #expect(only.stdout.hasPrefix("CREATE TABLE metadata ("))
        #expect(only.stdout.hasSuffix(") STRICT;\n"))
        #expect(!only.stdout.contains("schema_migrations"))

        let unknown = try scratch.grants("schema", "--db", db, "nope")
        #expect(unknown.exitCode == 1)
        #expect(unknown.stderrLines == [#"grants: error: no table or view named "nope""#])
    }

    @Test("a missing database is an error, and is not created")
    func missingDatabase() throws {
        let result = try scratch.grants("tables", "--db", scratch.path("absent.sqlite"))
        #expect(result.exitCode == 1)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.hasPrefix("grants: error: "))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("absent.sqlite")))
    }
}

@Suite("grants query")
struct GrantsQueryTests {
    let scratch: CLIScratch
    init() throws { scratch = try CLIScratch() }

    static let sql = "SELECT key, value, length(value) AS length FROM metadata WHERE key = 'application'"

    @Test("rows as a table")
    func table() throws {
        let db = try scratch.migratedDatabase()
        let result = try scratch.grants("query", "--db", db, Self.sql)
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout == """
            key          value           length
            -----------  --------------  ------
            application  GrantPortfolio      14

            """)
    }

    @Test("rows as CSV")
    func csv() throws {
        let db = try scratch.migratedDatabase()
        let result = try scratch.grants("query", "--db", db, Self.sql, "--format", "csv")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout == "key,value,length\r\napplication,GrantPortfolio,14\r\n")
    }

    @Test("rows as JSON, keys in column order")
    func json() throws {
        let db = try scratch.migratedDatabase()
        let result = try scratch.grants("query", "--db", db, Self.sql, "--format", "json")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout == """
            [
              {
                "key": "application",
                "value": "GrantPortfolio",
                "length": 14
              }
            ]

            """)
        let none = try scratch.grants("query", "--db", db, "SELECT * FROM metadata WHERE 0", "--format", "json")
        #expect(none.stdout == "[]\n")
    }

    @Test("--param binds values; quotes and ; come back verbatim; GRANTS_DB names the database")
    func parameters() throws {
        let db = try scratch.migratedDatabase()
        let tricky = #"O'Brien said "hi"; DROP TABLE metadata; --"#
        let result = try scratch.grants(
            "query", "SELECT :text AS text, :n * 2 AS twice, typeof(:n) AS type, count(*) AS n FROM metadata",
            "--param", "text=\(tricky)", "--param", "n=21", "--format", "json",
            environment: ["GRANTS_DB": db])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [[String: Any]])
        #expect(rows.first?["text"] as? String == tricky)
        #expect(rows.first?["twice"] as? Int == 42)
        #expect(rows.first?["type"] as? String == "integer")
        #expect(rows.first?["n"] as? Int == 1)

        let missing = try scratch.grants("query", "--db", db, "SELECT :absent")
        #expect(missing.exitCode == 1)
        #expect(missing.stderrLines == ["grants: error: parameters do not match the query: missing value for parameter :absent"])
    }

    static let refused = [
        "DELETE FROM metadata",
        "DROP TABLE metadata",
        "ATTACH DATABASE '/tmp/x' AS x",
        "PRAGMA writable_schema=1",
        "PRAGMA user_version=7",
        "SELECT 1; DELETE FROM metadata",
        "VACUUM INTO '/tmp/y.sqlite'",
        "SELECT load_extension('x')",
        "INSERT INTO metadata VALUES ('a','b')",
        "CREATE TABLE t(x)",
        "UPDATE metadata SET value = 'x'",
        "PRAGMA query_only=0",
        "BEGIN IMMEDIATE",
    ]

    @Test("refuses writes, ATTACH, setting PRAGMAs, VACUUM, extensions and two statements; the file is byte-identical",
        arguments: refused)
    func refuses(sql: String) throws {
        let db = try scratch.migratedDatabase()
        let before = try scratch.bytes(db)
        let result = try scratch.grants("query", "--db", db, sql)
        #expect(result.exitCode == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.hasPrefix("grants: error: query refused: "), "\(result.stderr)")
        #expect(try scratch.bytes(db) == before)
        // Still a sound database with its one metadata row.
        let check = try scratch.grants("query", "--db", db, "SELECT count(*) FROM metadata", "--format", "csv")
        #expect(check.stdout == "count(*)\r\n1\r\n")
        #expect(try scratch.bytes(db) == before)
    }

    @Test("ATTACH and VACUUM INTO a file next to the database create nothing")
    func noNewFiles() throws {
        let db = try scratch.migratedDatabase()
        let before = try scratch.bytes(db)
        let target = scratch.path("copy.sqlite")
        for sql in ["VACUUM INTO '\(target)'", "ATTACH DATABASE '\(target)' AS copy", "VACUUM"] {
            let result = try scratch.grants("query", "--db", db, sql)
            #expect(result.exitCode == 1)
            #expect(result.stderrLines.count == 1)
        }
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(try scratch.bytes(db) == before)
    }

    @Test("reading pragmas run")
    func pragmas() throws {
        let db = try scratch.migratedDatabase()
        let version = try scratch.grants("query", "--db", db, "PRAGMA user_version", "--format", "csv")
        #expect(version.exitCode == 0, "\(version.stderr)")
        #expect(version.stdout.hasPrefix("user_version\r\n"))
        let info = try scratch.grants("query", "--db", db, "PRAGMA table_info(metadata)", "--format", "csv")
        #expect(info.stdout.hasPrefix("cid,name,type,notnull,dflt_value,pk\r\n0,key,TEXT,1,,1\r\n"))
    }

    @Test("SQL errors are one line with exit code 1")
    func sqlError() throws {
        let db = try scratch.migratedDatabase()
        let result = try scratch.grants("query", "--db", db, "SELECT * FROM\nnosuch")
        #expect(result.exitCode == 1)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.contains("no such table: nosuch"))
    }
}
