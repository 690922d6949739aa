import Foundation
import Testing

@testable import SQLiteCore

private struct Item: RowDecodable, Equatable {
    var id: Int64
    var name: String
    var note: String?

    init(id: Int64, name: String, note: String?) {
        self.id = id
        self.name = name
        self.note = note
    }

    init(row: Row) throws {
        id = try row[0]
        name = try row[1]
        note = try row[2]
    }
}

@Suite("Statements, scripts, the statement cache and cursors")
struct StatementTests {
    let directory: TemporaryDirectory
    let db: Connection

    init() throws {
        directory = try TemporaryDirectory()
        db = try Connection(path: directory.path("statements.sqlite"))
        try db.executeScript("""
            CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT) STRICT;
            INSERT INTO item (id, name, note) VALUES (1, 'one', NULL), (2, 'two', 'ā'), (3, 'three', 'ø');
            """)
    }

    // MARK: Scripts

    @Test func scriptWithSemicolonsInTriggersAndStrings() throws {
        try db.executeScript("""
            -- A comment; with a semicolon.
            CREATE TABLE log (id INTEGER PRIMARY KEY, message TEXT NOT NULL);
            /* a block comment; also with one */
            CREATE TRIGGER item_logged AFTER INSERT ON item
            BEGIN
                INSERT INTO log (message) VALUES ('inserted; ' || NEW.name);
                INSERT INTO log (message) VALUES ('second; statement');
            END;
            INSERT INTO item (id, name) VALUES (4, 'a;b;c');
            INSERT INTO item (id, name) VALUES (5, 'it''s; "quoted"');
            UPDATE item SET note = ';' WHERE id = 4;
            """)
        #expect(try String.fetchAll(db, sql: "SELECT message FROM log ORDER BY id") == [
            "inserted; a;b;c", "second; statement", #"inserted; it's; "quoted""#, "second; statement",
        ])
        #expect(try String.fetchOne(db, sql: "SELECT name FROM item WHERE id = 5") == #"it's; "quoted""#)
        #expect(try String.fetchOne(db, sql: "SELECT note FROM item WHERE id = 4") == ";")
    }

    @Test func scriptStopsAtTheFirstError() throws {
        let error = #expect(throws: SQLiteError.self) {
            try db.executeScript("""
                INSERT INTO item (id, name) VALUES (10, 'ten');
                INSERT INTO nowhere (x) VALUES (1);
                INSERT INTO item (id, name) VALUES (11, 'eleven');
                """)
        }
        #expect(error?.message.contains("no such table: nowhere") == true)
        #expect(error?.sql?.contains("nowhere") == true)
        #expect(try Int64.fetchAll(db, sql: "SELECT id FROM item ORDER BY id") == [1, 2, 3, 10])
        let runtime = #expect(throws: SQLiteError.self) {
            try db.executeScript("INSERT INTO item (id, name) VALUES (12, 'x'); INSERT INTO item (id, name) VALUES (1, 'dup'); INSERT INTO item (id, name) VALUES (13, 'y');")
        }
        #expect(runtime?.constraintKind == .primaryKey)
        // The failing statement's own text (SQLite keeps the white space before it).
        #expect(runtime?.sql?.trimmingCharacters(in: .whitespaces) == "INSERT INTO item (id, name) VALUES (1, 'dup');")
        #expect(try Int64.fetchAll(db, sql: "SELECT id FROM item WHERE id > 10") == [12])
    }

    @Test func emptyAndCommentOnlyScriptsDoNothing() throws {
        try db.executeScript("")
        try db.executeScript("   \n\t ")
        try db.executeScript("-- only a comment")
        try db.executeScript("/* only */ -- comments ;\n ; ;")
        #expect(try db.count("item") == 3)
    }

    @Test func scriptResultsAreStepped() throws {
        // Rows returned in a script are stepped through and dropped.
        try db.executeScript("SELECT * FROM item; PRAGMA user_version = 5; SELECT 1;")
        #expect(try Int64.fetchOne(db, sql: "PRAGMA user_version") == 5)
    }

    @Test func twoStatementsInOneStatementThrow() throws {
        let sql = "INSERT INTO item (id, name) VALUES (7, 'seven'); DELETE FROM item"
        let make = #expect(throws: SQLiteError.self) { _ = try db.makeStatement(sql: sql) }
        #expect(make?.code == .misuse)
        #expect(make?.message.contains("more than one") == true)
        #expect(throws: SQLiteError.self) { try db.execute(sql: sql) }
        #expect(throws: SQLiteError.self) { _ = try db.cachedStatement(sql: sql) }
        #expect(throws: SQLiteError.self) { _ = try Int64.fetchAll(db, sql: "SELECT 1; SELECT 2") }
        // A second statement that would not even prepare is still refused.
        #expect(throws: SQLiteError.self) { try db.execute(sql: "SELECT 1; SELEC nonsense") }
        #expect(try db.count("item") == 3)
    }

    @Test func commentOnlyTailIsFine() throws {
        try db.execute(sql: "INSERT INTO item (id, name) VALUES (7, 'seven'); -- trailing comment")
        try db.execute(sql: "INSERT INTO item (id, name) VALUES (8, 'eight');   \n  /* block */  ;")
        let statement = try db.makeStatement(sql: "SELECT count(*) FROM item; ")
        #expect(try statement.step())
        #expect(try statement.row[0] as Int64 == 5)
    }

    @Test func emptyStatementThrows() throws {
        #expect(throws: SQLiteError.self) { _ = try db.makeStatement(sql: "") }
        #expect(throws: SQLiteError.self) { _ = try db.makeStatement(sql: "-- nothing") }
        let syntax = #expect(throws: SQLiteError.self) { _ = try db.makeStatement(sql: "SELEC 1") }
        #expect(syntax?.code == .error)
        #expect(syntax?.sql == "SELEC 1")
    }

    // MARK: Statement properties

    @Test func statementProperties() throws {
        let select = try db.makeStatement(sql: "SELECT id, name AS Label, :x FROM item")
        #expect(select.columnCount == 3)
        #expect(select.parameterCount == 1)
        #expect(select.columnNames == ["id", "Label", ":x"])
        #expect(select.columnIndex(named: "label") == 1)
        #expect(select.columnIndex(named: "LABEL") == 1)
        #expect(select.columnIndex(named: "missing") == nil)
        #expect(select.isReadOnly)
        #expect(try db.makeStatement(sql: "DELETE FROM item").isReadOnly == false)
    }

    @Test func rowAccessors() throws {
        let row = try #require(try db.fetchOne(sql: "SELECT id, name, note FROM item WHERE id = 2") { row in
            (row.count, row.columnNames, row.column(1).storageClass, row.column(2).name, try row["NAME"] as String)
        })
        #expect(row.0 == 3)
        #expect(row.1 == ["id", "name", "note"])
        #expect(row.2 == .text)
        #expect(row.3 == "note")
        #expect(row.4 == "two")
    }

    @Test func preparedStatementRunsManyTimes() throws {
        let insert = try db.cachedStatement(sql: "INSERT INTO item (id, name) VALUES (?, ?)")
        for id in 10..<20 { try insert.execute(arguments: [id, "item \(id)"]) }
        #expect(try db.count("item") == 13)
        let error = #expect(throws: SQLiteError.self) { try insert.execute(arguments: [10, "again"]) }
        #expect(error?.constraintKind == .primaryKey)
        try insert.execute(arguments: [20, "after the error"])
        #expect(try db.count("item") == 14)
    }

    // MARK: Cache

    @Test func cachedStatementReturnsTheSameInstance() throws {
        let sql = "SELECT name FROM item WHERE id = ?"
        let first = try db.cachedStatement(sql: sql)
        let second = try db.cachedStatement(sql: sql)
        #expect(first === second)
        #expect(try db.cachedStatement(sql: sql + " ") !== first)
        // makeStatement always prepares a new one.
        #expect(try db.makeStatement(sql: sql) !== first)
        db.clearStatementCache()
        let third = try db.cachedStatement(sql: sql)
        #expect(third !== first)
        // The statement released from the cache still works for whoever holds it.
        try first.bind(arguments: [2])
        #expect(try first.step())
        #expect(try first.row[0] as String == "two")
        first.reset()
    }

    @Test func nestedFetchWithTheSameSQLWhileACursorIterates() throws {
        let sql = "SELECT id, name, note FROM item ORDER BY id"
        let cursor = try Item.fetchCursor(db, sql: sql)
        var seen: [Item] = []
        var nested: [[Item]] = []
        while let item = try cursor.next() {
            seen.append(item)
            nested.append(try Item.fetchAll(db, sql: sql))
            #expect(try Item.fetchOne(db, sql: sql)?.id == 1)
        }
        let all = [Item(id: 1, name: "one", note: nil), Item(id: 2, name: "two", note: "ā"), Item(id: 3, name: "three", note: "ø")]
        #expect(seen == all)
        #expect(nested == [all, all, all])
        #expect(try cursor.next() == nil)
        // Once the cursor is done the cached statement is handed out again.
        #expect(try Item.fetchAll(db, sql: sql) == all)
    }

    @Test func twoCursorsOnTheSameSQL() throws {
        let sql = "SELECT id FROM item ORDER BY id"
        let outer = try db.cursor(sql: sql) { try $0[0] as Int64 }
        var pairs: [[Int64]] = []
        while let a = try outer.next() {
            let inner = try db.cursor(sql: sql) { try $0[0] as Int64 }
            while let b = try inner.next() { pairs.append([a, b]) }
        }
        #expect(pairs.count == 9)
        #expect(pairs.first == [1, 1])
        #expect(pairs.last == [3, 3])
    }

    @Test func nestedFetchWithTheSameSQLInsideFetchAll() throws {
        // A decode closure that queries again with the same SQL (a tree walk, say)
        // must not restart or disturb the outer iteration.
        let sql = "SELECT id FROM item WHERE id >= ? ORDER BY id"
        let outer = try db.fetchAll(sql: sql, arguments: [1]) { row -> [Int64] in
            let id: Int64 = try row[0]
            return [id] + (try Int64.fetchAll(db, sql: sql, arguments: [id + 1]))
        }
        #expect(outer == [[1, 2, 3], [2, 3], [3]])
        // An inner query with no rows must not end the outer one early.
        let ids = try db.fetchAll(sql: sql, arguments: [1]) { row -> Int64 in
            #expect(try Int64.fetchAll(db, sql: sql, arguments: [99]) == [])
            return try row[0]
        }
        #expect(ids == [1, 2, 3])
        let one = try db.fetchOne(sql: sql, arguments: [2]) { row -> [Int64] in
            [try row[0]] + (try Int64.fetchAll(db, sql: sql, arguments: [1]))
        }
        #expect(one == [2, 1, 2, 3])
    }

    @Test func aCursorReleasedEarlyFreesItsStatement() throws {
        let sql = "SELECT id FROM item ORDER BY id"
        do {
            let cursor = try db.cursor(sql: sql) { try $0[0] as Int64 }
            #expect(try cursor.next() == 1)
        }
        // The cache's statement was reset when the cursor went away: a write can
        // commit and the next fetch starts from the first row.
        try db.execute(sql: "DELETE FROM item WHERE id = 1")
        #expect(try Int64.fetchAll(db, sql: sql) == [2, 3])
        #expect(db.autocommit == 1)
    }

    @Test func aCursorThatFailsToDecodeStops() throws {
        let cursor = try db.cursor(sql: "SELECT note FROM item ORDER BY id") { try $0[0] as String }
        #expect(throws: RowDecodingError.self) { _ = try cursor.next() }
        #expect(try cursor.next() == nil)
        // The cached statement is free again and starts from the first row.
        #expect(try db.fetchAll(sql: "SELECT note FROM item ORDER BY id") { try $0[0] as String? } == [nil, "ā", "ø"])
    }

    @Test func aLargeCursorIteratesLazily() throws {
        try db.execute(sql: "CREATE TABLE big (id INTEGER PRIMARY KEY, value INTEGER NOT NULL) STRICT")
        try db.transaction { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO big (value) VALUES (?)")
            for value in 0..<100_000 { try insert.execute(arguments: [value]) }
        }
        let cursor = try db.cursor(sql: "SELECT value FROM big ORDER BY id") { try $0[0] as Int64 }
        var count = 0
        var sum: Int64 = 0
        while let value = try cursor.next() {
            count += 1
            sum += value
        }
        #expect(count == 100_000)
        #expect(sum == 99_999 * 100_000 / 2)
        var forEachCount = 0
        try db.cursor(sql: "SELECT id FROM big WHERE id <= ?", arguments: [10]) { try $0[0] as Int64 }
            .forEach { _ in forEachCount += 1 }
        #expect(forEachCount == 10)
    }

    // MARK: Bytes in place

    @Test func columnBytesInPlace() throws {
        let statement = try db.makeStatement(sql: "SELECT 'Rēzekne', x'00ff10', NULL, 42, 'a' || char(0) || 'b', ''")
        #expect(try statement.step())
        let row = statement.row
        let bytes = (0..<row.count).map { row.column($0).withUnsafeBytes { Array($0) } }
        #expect(bytes[0] == Array("Rēzekne".utf8))
        #expect(bytes[1] == [0x00, 0xFF, 0x10])
        #expect(bytes[2] == [])
        #expect(bytes[3] == Array("42".utf8))
        #expect(bytes[4] == [0x61, 0x00, 0x62])
        #expect(bytes[5] == [])
    }

    // MARK: Fetching

    @Test func fetchAllAndFetchOne() throws {
        #expect(try Item.fetchAll(db, sql: "SELECT id, name, note FROM item ORDER BY id").map(\.name) == ["one", "two", "three"])
        #expect(try Item.fetchAll(db, sql: "SELECT id, name, note FROM item WHERE id > 99") == [])
        #expect(try Item.fetchOne(db, sql: "SELECT id, name, note FROM item WHERE id = ?", arguments: [3])
            == Item(id: 3, name: "three", note: "ø"))
        #expect(try Item.fetchOne(db, sql: "SELECT id, name, note FROM item WHERE id = ?", arguments: [99]) == nil)
        #expect(try String.fetchAll(db, sql: "SELECT name FROM item WHERE id IN (:a, :b) ORDER BY id", arguments: ["a": 1, "b": 3])
            == ["one", "three"])
        #expect(try Int64.fetchOne(db, sql: "SELECT count(*) FROM item") == 3)
        #expect(try String.fetchOne(db, sql: "SELECT name FROM item WHERE id = 42") == nil)
        // fetchOne on a NULL first column of an existing row, read as optional: .some(nil).
        let note = try db.fetchOne(sql: "SELECT note FROM item WHERE id = 1") { try $0[0] as String? }
        #expect(note == .some(nil))
        // fetchOne stops after the first row and leaves no statement running.
        #expect(try Int64.fetchOne(db, sql: "SELECT id FROM item ORDER BY id") == 1)
        try db.execute(sql: "DELETE FROM item")
        #expect(db.autocommit == 1)
    }
}
