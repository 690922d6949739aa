import CSQLite
import Foundation
import Testing

@testable import SQLiteCore

/// Debian's SQLite is built with SQLITE_ENABLE_FTS3_TOKENIZER, which turns on
/// the two-argument `fts3_tokenizer(name, pointer)`: it stores any 8 bytes
/// given in SQL as a tokenizer's C function table, so the next FTS3 table
/// using it calls through a forged pointer. Every connection turns it off
/// (`SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER` = 0).
///
/// The probes register a tokenizer under a fresh name, never `simple`, so that
/// even where the call goes through no tokenizer in use is replaced.
@Suite("the two-argument fts3_tokenizer is off on every connection")
struct Fts3TokenizerTests {
    /// The form of the issue: a null pointer as a blob.
    static let nullPointer = "SELECT fts3_tokenizer('sqlitecore_probe', x'0000000000000000')"
    /// A valid pointer (the `simple` tokenizer's own, as the one-argument form
    /// returns it), so that where the call is allowed it succeeds.
    static let validPointer = "SELECT fts3_tokenizer('sqlitecore_probe', fts3_tokenizer('simple'))"

    @Test("a plain Connection, on a file and in memory, refuses it")
    func plainConnectionRefuses() throws {
        let directory = try TemporaryDirectory()
        let connections = [
            try Connection(path: directory.path("plain.sqlite")),
            try Connection.inMemory(),
            try Connection(path: directory.path("plain.sqlite"), configuration: ReadOnlyStatement.connectionConfiguration),
        ]
        for db in connections {
            for sql in [Self.nullPointer, Self.validPointer] {
                let error = #expect(throws: SQLiteError.self, "\(db): \(sql)") { try db.execute(sql: sql) }
                #expect(error?.message.contains("fts3tokenize disabled") == true, "\(String(describing: error))")
            }
        }
    }

    @Test("without the setting, SQLite as built here accepts it (so the test above means something)")
    func rawConnectionAccepts() throws {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(":memory:", &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK,
            let handle
        else {
            Issue.record("cannot open an in-memory database")
            return
        }
        defer { sqlite3_close_v2(handle) }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, Self.validPointer, -1, &statement, nil) == SQLITE_OK else {
            // Built without FTS3: there is no such function to turn off.
            #expect(String(cString: sqlite3_errmsg(handle)).contains("no such function"))
            return
        }
        defer { sqlite3_finalize(statement) }
        #expect(sqlite3_step(statement) == SQLITE_ROW, "\(String(cString: sqlite3_errmsg(handle)))")
    }
}
