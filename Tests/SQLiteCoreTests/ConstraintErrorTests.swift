import Foundation
import Testing

@testable import SQLiteCore

@Suite("Each constraint kind surfaces as its own error")
struct ConstraintErrorTests {
    let directory: TemporaryDirectory
    let db: Connection

    init() throws {
        directory = try TemporaryDirectory()
        db = try Connection(path: directory.path("constraints.sqlite"))
        try db.executeScript("""
            CREATE TABLE parent (
                id    INTEGER PRIMARY KEY,
                code  TEXT NOT NULL UNIQUE,
                year  INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100)
            ) STRICT;
            CREATE TABLE child (
                id        INTEGER PRIMARY KEY,
                parent_id INTEGER NOT NULL REFERENCES parent (id)
            ) STRICT;
            CREATE TABLE pair (a TEXT, b TEXT, PRIMARY KEY (a, b)) WITHOUT ROWID;
            CREATE TABLE guarded (id INTEGER PRIMARY KEY, note TEXT);
            CREATE TRIGGER guarded_no_update BEFORE UPDATE ON guarded
            BEGIN
                SELECT RAISE(ABORT, 'guarded rows are immutable; really');
            END;
            INSERT INTO parent (id, code, year) VALUES (1, 'A', 2013);
            INSERT INTO child (id, parent_id) VALUES (1, 1);
            INSERT INTO pair (a, b) VALUES ('x', 'y');
            INSERT INTO guarded (id, note) VALUES (1, 'n');
            """)
    }

    /// Runs `sql` with `arguments`, which must fail with an ``SQLiteError``.
    func failure(_ sql: String, _ arguments: StatementArguments = []) throws -> SQLiteError {
        let error = #expect(throws: SQLiteError.self) { try db.execute(sql: sql, arguments: arguments) }
        return try #require(error)
    }

    /// Names the error by pattern matching on its code, the way callers do.
    func kindByPattern(_ error: SQLiteError) -> String {
        switch error.code {
        case .constraintUnique: "unique"
        case .constraintPrimaryKey: "primary key"
        case .constraintForeignKey: "foreign key"
        case .constraintCheck: "check"
        case .constraintNotNull: "not null"
        case .constraintTrigger: "trigger"
        case .constraintDataType: "datatype"
        case .constraint: "other constraint"
        default: "not a constraint"
        }
    }

    @Test func unique() throws {
        let error = try failure("INSERT INTO parent (code, year) VALUES (?, ?)", ["A", 2014])
        #expect(error.constraintKind == .unique)
        #expect(error.code == .constraintUnique)
        #expect(error.primaryCode == .constraint)
        #expect(kindByPattern(error) == "unique")
        #expect(error.message.contains("parent.code"))
    }

    @Test func primaryKey() throws {
        // A rowid alias reports a duplicate key as PRIMARYKEY too; a WITHOUT ROWID table likewise.
        let rowid = try failure("INSERT INTO parent (id, code, year) VALUES (?, ?, ?)", [1, "B", 2014])
        #expect(rowid.constraintKind == .primaryKey)
        #expect(kindByPattern(rowid) == "primary key")
        let composite = try failure("INSERT INTO pair (a, b) VALUES (?, ?)", ["x", "y"])
        #expect(composite.constraintKind == .primaryKey)
        #expect(composite.code == .constraintPrimaryKey)
        #expect(kindByPattern(composite) == "primary key")
    }

    @Test func foreignKey() throws {
        let insert = try failure("INSERT INTO child (parent_id) VALUES (?)", [99])
        #expect(insert.constraintKind == .foreignKey)
        #expect(insert.code == .constraintForeignKey)
        #expect(kindByPattern(insert) == "foreign key")
        let delete = try failure("DELETE FROM parent WHERE id = ?", [1])
        #expect(delete.constraintKind == .foreignKey)
        #expect(try db.count("parent") == 1)
    }

    @Test func check() throws {
        let error = try failure("INSERT INTO parent (code, year) VALUES (?, ?)", ["C", 1066])
        #expect(error.constraintKind == .check)
        #expect(error.code == .constraintCheck)
        #expect(kindByPattern(error) == "check")
    }

    @Test func notNull() throws {
        let error = try failure("INSERT INTO parent (code, year) VALUES (?, ?)", [nil, 2014])
        #expect(error.constraintKind == .notNull)
        #expect(error.code == .constraintNotNull)
        #expect(kindByPattern(error) == "not null")
        #expect(error.message.contains("parent.code"))
    }

    @Test func triggerRaiseAbort() throws {
        let error = try failure("UPDATE guarded SET note = ? WHERE id = 1", ["m"])
        #expect(error.constraintKind == .trigger)
        #expect(error.code == .constraintTrigger)
        #expect(kindByPattern(error) == "trigger")
        #expect(error.message == "guarded rows are immutable; really")
        #expect(try String.fetchOne(db, sql: "SELECT note FROM guarded") == "n")
    }

    @Test func strictDataType() throws {
        let error = try failure("INSERT INTO parent (code, year) VALUES (?, ?)", ["D", "next year"])
        #expect(error.constraintKind == .dataType)
        #expect(error.code == .constraintDataType)
        #expect(kindByPattern(error) == "datatype")
    }

    @Test func primaryCodePatternMatchesEveryExtendedConstraintCode() throws {
        let codes: [ResultCode] = [
            .constraintUnique, .constraintPrimaryKey, .constraintForeignKey, .constraintCheck,
            .constraintNotNull, .constraintTrigger, .constraintDataType,
        ]
        for code in codes {
            #expect(ResultCode.constraint ~= code)
            #expect(code.primary == .constraint)
            #expect(!(ResultCode.busy ~= code))
            // An extended pattern matches only itself.
            #expect(!(code ~= .constraint))
            for other in codes where other != code { #expect(!(code ~= other)) }
        }
        #expect(ResultCode.constraint ~= .constraint)

        let error = try failure("INSERT INTO parent (code, year) VALUES (?, ?)", ["A", 2014])
        switch error.code {
        case .constraint: break
        default: Issue.record("\(error.code) did not match the .constraint pattern")
        }
        switch error.code {
        case .busy, .readOnly: Issue.record("\(error.code) matched an unrelated pattern")
        case .constraintCheck: Issue.record("unique matched the check pattern")
        case .constraintUnique: break
        default: Issue.record("\(error.code) did not match .constraintUnique")
        }
        // Non-constraint errors have no constraint kind.
        #expect(SQLiteError(code: .busy).constraintKind == nil)
        #expect(SQLiteError(code: .constraint).constraintKind == .other)
    }

    @Test func descriptionHasTheSQLButNotTheBoundValues() throws {
        let secret = "hunter2-Ķīļņš-secret"
        let sql = "INSERT INTO parent (code, year) VALUES (?, ?)"
        try db.execute(sql: sql, arguments: [secret, 2014])
        let error = try failure(sql, [secret, 2015])
        #expect(error.sql == sql)
        #expect(error.description.contains(sql))
        #expect(error.description.contains("UNIQUE constraint failed"))
        #expect(!error.description.contains(secret))
        #expect(!error.message.contains(secret))
        #expect(!String(reflecting: error).contains(secret))

        let typeError = try failure(sql, ["E", secret])
        #expect(typeError.constraintKind == .dataType)
        #expect(!typeError.description.contains(secret))
    }

    @Test func constraintFailureLeavesTheConnectionUsable() throws {
        _ = try failure("INSERT INTO parent (code, year) VALUES (?, ?)", ["A", 2014])
        #expect(db.autocommit == 1)
        try db.execute(sql: "INSERT INTO parent (code, year) VALUES (?, ?)", arguments: ["B", 2014])
        #expect(try db.count("parent") == 2)
    }
}
