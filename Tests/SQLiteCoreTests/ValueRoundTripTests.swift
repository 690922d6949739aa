import Foundation
import Testing

@testable import SQLiteCore

@Suite("Values round trip through a database file")
struct ValueRoundTripTests {
    let directory: TemporaryDirectory
    let db: Connection

    init() throws {
        directory = try TemporaryDirectory()
        db = try Connection(path: directory.path("values.sqlite"))
        // No declared types: every value keeps the storage class it was bound with.
        try db.execute(sql: "CREATE TABLE value (id INTEGER PRIMARY KEY, v ANY) STRICT")
    }

    /// Stores `value` bound by position, reads it back as the same Swift type.
    func roundTrip<Value: SQLiteBindable & SQLiteColumnDecodable>(_ value: Value) throws -> Value {
        try db.execute(sql: "DELETE FROM value")
        try db.execute(sql: "INSERT INTO value (id, v) VALUES (?, ?)", arguments: [1, value])
        return try #require(try db.fetchOne(sql: "SELECT v FROM value WHERE id = ?", arguments: [1]) { row in
            try row[0] as Value
        })
    }

    static let latvianAndNorwegian =
        "ā č ē ģ ī ķ ļ ņ š ū ž Ā Č Ē Ģ Ī Ķ Ļ Ņ Š Ū Ž ø å æ Ø Å Æ — Rīga, Tromsø, Ålesund, Kuldīga, Ærøskøbing"

    @Test func integers() throws {
        for value: Int64 in [0, 1, -1, 42, .min, .max, Int64(Int32.max) + 1, Int64(Int32.min) - 1] {
            #expect(try roundTrip(value) == value)
        }
        for value: Int in [0, -7, .min, .max] {
            #expect(try roundTrip(value) == value)
        }
        #expect(try db.fetchOne(sql: "SELECT typeof(v) FROM value") { try $0[0] as String } == "integer")
    }

    @Test func int32IsBoundAsInteger() throws {
        try db.execute(sql: "INSERT INTO value (v) VALUES (?), (?)", arguments: [Int32.min, Int32.max])
        #expect(try Int64.fetchAll(db, sql: "SELECT v FROM value ORDER BY id") == [Int64(Int32.min), Int64(Int32.max)])
    }

    @Test func doubles() throws {
        for value in [0.0, -0.5, 3.141592653589793, 1e308, -1e-308, Double.leastNonzeroMagnitude, 0.1 + 0.2] {
            #expect(try roundTrip(value) == value)
        }
        #expect(try db.fetchOne(sql: "SELECT typeof(v) FROM value") { try $0[0] as String } == "real")
        // An integer column value reads as a Double too.
        #expect(try Double.fetchOne(db, sql: "SELECT 3") == 3.0)
    }

    @Test func booleans() throws {
        #expect(try roundTrip(true) == true)
        #expect(try roundTrip(false) == false)
        #expect(try Int64.fetchOne(db, sql: "SELECT v FROM value") == 0)
        #expect(try Bool.fetchOne(db, sql: "SELECT 2") == true)
    }

    @Test func strings() throws {
        #expect(try roundTrip("") == "")
        #expect(try db.fetchOne(sql: "SELECT typeof(v) FROM value") { try $0[0] as String } == "text")
        #expect(try roundTrip("plain ASCII") == "plain ASCII")
        #expect(try roundTrip(Self.latvianAndNorwegian) == Self.latvianAndNorwegian)
        #expect(try roundTrip("emoji 👩🏽‍💻 and combining e\u{301}") == "emoji 👩🏽‍💻 and combining e\u{301}")
        let substring = "[a substring]".dropFirst().dropLast()
        try db.execute(sql: "INSERT INTO value (id, v) VALUES (2, ?)", arguments: [substring])
        #expect(try String.fetchOne(db, sql: "SELECT v FROM value WHERE id = 2") == "a substring")
    }

    @Test func textIsStoredAsUTF8() throws {
        _ = try roundTrip("ā ø")
        // ā and ø are two bytes each in UTF-8, and SQLite counts characters.
        #expect(try Int64.fetchOne(db, sql: "SELECT length(CAST(v AS BLOB)) FROM value") == 5)
        #expect(try Int64.fetchOne(db, sql: "SELECT length(v) FROM value") == 3)
        #expect(try Int64.fetchOne(db, sql: "SELECT count(*) FROM value WHERE v = 'ā ø'") == 1)
    }

    @Test func stringWithNULCharacters() throws {
        let value = "before\u{0}middle\u{0}after\u{0}"
        let read = try roundTrip(value)
        #expect(read == value)
        #expect(read.utf8.count == value.utf8.count)
        #expect(try Int64.fetchOne(db, sql: "SELECT length(CAST(v AS BLOB)) FROM value") == Int64(value.utf8.count))
    }

    @Test func largeString() throws {
        // 1 MiB and more of mixed text.
        let unit = "Tromsø ķēķis \(Self.latvianAndNorwegian)\n"
        let value = String(repeating: unit, count: (1 << 20) / unit.utf8.count + 1)
        #expect(value.utf8.count > 1 << 20)
        #expect(try roundTrip(value) == value)
    }

    @Test func blobs() throws {
        let empty = try roundTrip(Data())
        #expect(empty == Data())
        // An empty blob is a BLOB, not a NULL.
        #expect(try db.fetchOne(sql: "SELECT typeof(v) FROM value") { try $0[0] as String } == "blob")
        #expect(try Int64.fetchOne(db, sql: "SELECT length(v) FROM value") == 0)

        let bytes = Data([0, 1, 2, 0, 255, 254, 0])
        #expect(try roundTrip(bytes) == bytes)

        var generator = SystemRandomNumberGenerator()
        let large = Data((0..<(1 << 20)).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        #expect(try roundTrip(large) == large)
        #expect(try Int64.fetchOne(db, sql: "SELECT length(v) FROM value") == 1 << 20)
    }

    @Test func nullAndOptionals() throws {
        let none: String? = nil
        try db.execute(sql: "INSERT INTO value (id, v) VALUES (1, ?)", arguments: [none])
        try db.execute(sql: "INSERT INTO value (id, v) VALUES (2, ?)", arguments: [nil])
        try db.execute(sql: "INSERT INTO value (id, v) VALUES (3, ?)", arguments: [Optional("x")])
        try db.execute(sql: "INSERT INTO value (id, v) VALUES (4, ?)", arguments: [SQLiteValue.null])
        #expect(try String.fetchAll(db, sql: "SELECT typeof(v) FROM value ORDER BY id") == ["null", "null", "text", "null"])

        let strings = try db.fetchAll(sql: "SELECT v FROM value ORDER BY id") { try $0[0] as String? }
        #expect(strings == [nil, nil, "x", nil])
        #expect(try db.fetchOne(sql: "SELECT v FROM value WHERE id = 1") { try $0[0] as Int64? } == .some(nil))
        #expect(try db.fetchOne(sql: "SELECT v FROM value WHERE id = 1") { try $0[0] as Data? } == .some(nil))
        #expect(try db.fetchOne(sql: "SELECT v FROM value WHERE id = 1") { try $0[0] as Double? } == .some(nil))
        #expect(try db.fetchOne(sql: "SELECT v FROM value WHERE id = 1") { try $0[0] as Bool? } == .some(nil))
        #expect(try db.fetchOne(sql: "SELECT 5") { try $0[0] as Int? } == 5)
        #expect(try db.fetchOne(sql: "SELECT v FROM value WHERE id = 1") { $0.column(0).isNull } == true)
    }

    @Test func sqliteValues() throws {
        let values: [SQLiteValue] = [
            .null, .integer(.min), .integer(.max), .real(-2.5), .text(""), .text(Self.latvianAndNorwegian),
            .text("nul\u{0}inside"), .blob(Data()), .blob(Data([0, 0xff])),
        ]
        for (index, value) in values.enumerated() {
            try db.execute(sql: "INSERT INTO value (id, v) VALUES (?, ?)", arguments: [index, value])
        }
        let read = try db.fetchAll(sql: "SELECT v FROM value ORDER BY id") { try $0[0] as SQLiteValue }
        #expect(read == values)
        #expect(read.map(\.storageClass) == [.null, .integer, .integer, .real, .text, .text, .text, .blob, .blob])
        let rowValues = try db.fetchOne(sql: "SELECT 1, 'a', NULL, x'00', 0.5") { $0.values }
        #expect(rowValues == [1, "a", nil, .blob(Data([0])), .real(0.5)])
    }

    @Test func namedParameters() throws {
        try db.execute(sql: "CREATE TABLE named (a ANY, b ANY, c ANY, d ANY) STRICT")
        try db.execute(
            sql: "INSERT INTO named (a, b, c, d) VALUES (:a, @b, $c, :a)",
            arguments: ["a": Self.latvianAndNorwegian, "b": Int64.min, "c": Data([1, 2, 3])])
        // Keys may carry the prefix too.
        try db.execute(
            sql: "INSERT INTO named (a, b, c, d) VALUES (:a, @b, $c, NULL)",
            arguments: [":a": "x", "@b": 2.5, "$c": nil])
        let rows = try db.fetchAll(sql: "SELECT a, b, c, d FROM named ORDER BY rowid") { $0.values }
        #expect(rows == [
            [.text(Self.latvianAndNorwegian), .integer(.min), .blob(Data([1, 2, 3])), .text(Self.latvianAndNorwegian)],
            ["x", .real(2.5), .null, .null],
        ])
        // Reading by column name, case-insensitively.
        let b = try db.fetchOne(sql: "SELECT a, b AS Bee FROM named ORDER BY rowid") { try $0["bee"] as Int64 }
        #expect(b == .min)
    }

    @Test func numberedAndMixedParameters() throws {
        #expect(try db.fetchOne(sql: "SELECT ?1 || ?1 || ?2", arguments: ["a", "b"]) { try $0[0] as String } == "aab")
        let mixed = try db.fetchOne(
            sql: "SELECT ?, :name, ?",
            arguments: StatementArguments([1, 3], named: ["name": "two"])) { $0.values }
        #expect(mixed == [1, "two", 3])
    }

    @Test func statementLevelBinding() throws {
        let statement = try db.makeStatement(sql: "SELECT ?, ?")
        try statement.bind(Int64.max, at: 1)
        try statement.bind(Self.latvianAndNorwegian, at: 2)
        #expect(try statement.step())
        #expect(try statement.row[0] as Int64 == .max)
        #expect(try statement.row[1] as String == Self.latvianAndNorwegian)
        #expect(try statement.step() == false)
        #expect(throws: SQLiteError.self) { try statement.bind(1, at: 3) }
    }

    // MARK: Decoding errors

    @Test func nullIntoNonOptionalThrowsRowDecodingError() throws {
        try db.execute(sql: "INSERT INTO value (id, v) VALUES (1, NULL)")
        let error = #expect(throws: RowDecodingError.self) {
            _ = try db.fetchOne(sql: "SELECT v FROM value") { try $0[0] as String }
        }
        #expect(error?.storageClass == .null)
        #expect(error?.column == "v")
        #expect(error?.expectedType == "String")
        #expect(error?.sql == "SELECT v FROM value")
        for read in [
            { (row: Row) in _ = try row[0] as Int64 },
            { (row: Row) in _ = try row[0] as Int },
            { (row: Row) in _ = try row[0] as Double },
            { (row: Row) in _ = try row[0] as Bool },
            { (row: Row) in _ = try row[0] as Data },
        ] {
            #expect(throws: RowDecodingError.self) { _ = try db.fetchOne(sql: "SELECT v FROM value", decode: read) }
        }
    }

    @Test func wrongStorageClassThrowsRowDecodingError() throws {
        let textAsInteger = #expect(throws: RowDecodingError.self) {
            _ = try db.fetchOne(sql: "SELECT '12' AS n") { try $0[0] as Int64 }
        }
        #expect(textAsInteger?.storageClass == .text)
        #expect(textAsInteger?.column == "n")
        #expect(textAsInteger.map { "\($0)" }?.contains("SELECT '12' AS n") == true)
        #expect(throws: RowDecodingError.self) { _ = try db.fetchOne(sql: "SELECT 1.5") { try $0[0] as Int64 } }
        #expect(throws: RowDecodingError.self) { _ = try db.fetchOne(sql: "SELECT 1") { try $0[0] as String } }
        #expect(throws: RowDecodingError.self) { _ = try db.fetchOne(sql: "SELECT x'00'") { try $0[0] as String } }
        #expect(throws: RowDecodingError.self) { _ = try db.fetchOne(sql: "SELECT 'x'") { try $0[0] as Double } }
        #expect(throws: RowDecodingError.self) { _ = try db.fetchOne(sql: "SELECT 'x'") { try $0[0] as Bool } }
        #expect(throws: RowDecodingError.self) { _ = try db.fetchOne(sql: "SELECT 1") { try $0[0] as Data } }
        #expect(throws: RowDecodingError.self) { _ = try db.fetchOne(sql: "SELECT 'x'") { try $0[0] as Int64? } }
    }

    @Test func unknownColumnNameThrows() throws {
        let error = #expect(throws: SQLiteError.self) {
            _ = try db.fetchOne(sql: "SELECT 1 AS one") { try $0["two"] as Int64 }
        }
        #expect(error?.code == .range)
    }

    // MARK: Argument errors

    @Test func wrongArgumentCountsThrow() throws {
        let sql = "INSERT INTO value (id, v) VALUES (?, ?)"
        let tooFew = #expect(throws: SQLiteError.self) { try db.execute(sql: sql, arguments: [1]) }
        #expect(tooFew?.code == .range)
        let tooMany = #expect(throws: SQLiteError.self) { try db.execute(sql: sql, arguments: [1, 2, 3]) }
        #expect(tooMany?.code == .range)
        let none = #expect(throws: SQLiteError.self) { try db.execute(sql: sql) }
        #expect(none?.code == .range)
        let noParameters = #expect(throws: SQLiteError.self) { try db.execute(sql: "DELETE FROM value", arguments: [1]) }
        #expect(noParameters?.code == .range)
        #expect(try db.count("value") == 0)
    }

    @Test func unknownAndMissingNamesThrow() throws {
        let sql = "INSERT INTO value (id, v) VALUES (:id, :v)"
        let unknown = #expect(throws: SQLiteError.self) {
            try db.execute(sql: sql, arguments: ["id": 1, "v": 2, "w": 3])
        }
        #expect(unknown?.code == .range)
        #expect(unknown?.message.contains("w") == true)
        let missing = #expect(throws: SQLiteError.self) { try db.execute(sql: sql, arguments: ["id": 1]) }
        #expect(missing?.code == .range)
        #expect(missing?.message.contains(":v") == true)
        // Names given to a positional statement, positions to a named one.
        #expect(throws: SQLiteError.self) {
            try db.execute(sql: "INSERT INTO value (id, v) VALUES (?, ?)", arguments: ["id": 1, "v": 2])
        }
        #expect(throws: SQLiteError.self) { try db.execute(sql: sql, arguments: [1, 2]) }
        #expect(try db.count("value") == 0)
        // And the statement still works with the right arguments afterwards.
        try db.execute(sql: sql, arguments: ["id": 1, "v": 2])
        #expect(try db.count("value") == 1)
    }

    @Test func staleBindingsDoNotLeakIntoTheNextExecution() throws {
        let sql = "INSERT INTO value (id, v) VALUES (?, ?)"
        try db.execute(sql: sql, arguments: [1, "secret"])
        #expect(throws: SQLiteError.self) { try db.execute(sql: sql, arguments: [2]) }
        #expect(try db.count("value") == 1)
    }
}
