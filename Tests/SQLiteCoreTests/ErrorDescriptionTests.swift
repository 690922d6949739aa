import Foundation
import Testing

@testable import SQLiteCore

/// Every public error type of SQLiteCore is a `LocalizedError` whose
/// `localizedDescription` is its message, the `description` the CLI prints.
@Suite("SQLiteCore errors: localizedDescription is the message")
struct ErrorDescriptionTests {
    /// One value of each error type, and of each case of the enums.
    static func samples() throws -> [any Error & CustomStringConvertible] {
        let db = try Connection.inMemory()
        let decoding = #expect(throws: RowDecodingError.self) {
            try db.fetchOne(sql: "SELECT NULL AS missing") { row in try row[0] as String }
        }
        let sqlite = #expect(throws: SQLiteError.self) { try db.execute(sql: "SELECT * FROM nosuch") }
        let failure = SQLiteError(code: .constraintUnique, message: "UNIQUE constraint failed: t.x")
        var errors: [any Error & CustomStringConvertible] = [
            try #require(decoding), try #require(sqlite), failure, SQLiteError(code: .busy),
            MigrationError.invalidFileName("1_x.sql"), MigrationError.duplicateVersion(2),
            MigrationError.missingVersion(expected: 2, found: 3),
            MigrationError.databaseIsNewer(databaseVersion: 7, libraryVersion: 6),
            MigrationError.checksumMismatch(version: 1, name: "m", applied: "0123456789abcdef", embedded: "fedcba9876543210"),
            MigrationError.foreignKeyViolations(version: 1, name: "m", violations: ["a", "b"]),
            MigrationError.failed(version: 1, name: "m", error: failure),
        ]
        let refusals: [ReadOnlyStatementError] = [
            .connectionNotReadOnly, .emptyStatement, .multipleStatements, .containsNul,
            .changesDatabase(statement: "DELETE", object: "item"), .changesDatabase(statement: "DELETE", object: nil),
            .changesSchema, .notReadOnly, .attachOrDetach(keyword: "ATTACH"), .transactionControl(keyword: "BEGIN"),
            .pragmaNotAllowed(name: "optimize", allowed: ["user_version"]), .pragmaSetsValue(name: "user_version"),
            .functionNotAllowed(name: "load_extension"), .functionNotAllowed(name: "fts3_tokenizer"),
            .functionNotAllowed(name: "sqlite_log"), .notAllowed(action: "COPY"),
        ]
        errors += refusals
        errors += [
            DatabaseInspector.UnknownTable(name: "nope"), AdHocQueryError.refused(.multipleStatements),
            AdHocQueryError.invalidParameter("x", reason: "expected name=value"), AdHocQueryError.duplicateParameter(name: "a"),
            AdHocQueryError.parameterMismatch(message: "missing value for parameter :a"),
        ]
        return errors
    }

    @Test("each error's localizedDescription and errorDescription are its description")
    func localizedDescriptionIsTheMessage() throws {
        for sample in try Self.samples() {
            let error: any Error = sample
            #expect(error.localizedDescription == sample.description)
            #expect((sample as? any LocalizedError)?.errorDescription == sample.description, "\(type(of: sample))")
            #expect(!sample.description.isEmpty)
        }
    }

    @Test("the messages are unchanged")
    func messagesUnchanged() {
        #expect(SQLiteError(code: .constraintUnique, message: "UNIQUE constraint failed: t.x", sql: "INSERT INTO t VALUES (1)")
            .localizedDescription == "SQLite error 2067: UNIQUE constraint failed: t.x - while executing `INSERT INTO t VALUES (1)`")
        #expect(MigrationError.duplicateVersion(2).localizedDescription == "two migrations have version 2")
        #expect(ReadOnlyStatementError.multipleStatements.localizedDescription
            == "more than one SQL statement; a query runs exactly one")
        #expect(AdHocQueryError.refused(.emptyStatement).localizedDescription == "query refused: there is no SQL statement to run")
        #expect(AdHocQueryError.invalidParameter("a\tb", reason: "expected name=value").localizedDescription
            == "invalid parameter \"a\\tb\": expected name=value")
        #expect(DatabaseInspector.UnknownTable(name: "no \"such\"").localizedDescription == "no table or view named \"no \\\"such\\\"\"")
    }
}
