// What each choice of the SQLite layer buys, measured by turning it off on a
// plain 8-column table: the statement cache, index-based decoding, integer
// money, WAL. SQLiteCore against the raw C API in the same run.
import BenchSQLite
import Foundation
import GrantPortfolio
import SQLiteCore

enum LayerBench {
    struct Item: RowDecodable {
        var id: Int64, a: Int64, b: Int64, c: Int64, d: String, e: String, f: Double, g: Int64
        init(id: Int64, a: Int64, b: Int64, c: Int64, d: String, e: String, f: Double, g: Int64) {
            (self.id, self.a, self.b, self.c, self.d, self.e, self.f, self.g) = (id, a, b, c, d, e, f, g)
        }
        init(row: SQLiteCore.Row) throws {
            self.init(id: try row[0], a: try row[1], b: try row[2], c: try row[3], d: try row[4], e: try row[5], f: try row[6], g: try row[7])
        }
    }

    static let create = "CREATE TABLE item (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, c INTEGER, d TEXT, e TEXT, f REAL, g INTEGER)"
    static let insertSQL = "INSERT INTO item (id, a, b, c, d, e, f, g) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    static let selectSQL = "SELECT id, a, b, c, d, e, f, g FROM item ORDER BY id"

    static func items(_ count: Int) -> [Item] {
        (0..<count).map { i in
            let v = Int64(i)
            return Item(id: v + 1, a: v * 7, b: v % 1000, c: -v, d: "reference-\(i)", e: "Title number \(i % 977)",
                        f: Double(i) / 3, g: v & 0xFFFF)
        }
    }

    static func run(_ bench: Bench) throws {
        let count = min(max(bench.n, 1000), 100_000)
        let items = items(count)
        let reps = bench.ratioReps
        let expected = tableHash(items)
        /// Every variant's file holds exactly the rows: the table hashed with the C API, against `items` hashed in Swift.
        var insertFailures: [String] = []

        // Insert: raw C, SQLiteCore with its statement cache, and SQLiteCore preparing each row's statement.
        var insert: [String: [Double]] = [:]
        for rep in 0..<reps {
            for variant in rotated(["raw", "cached_binding", "cached", "prepare_per_row"], by: rep) {
                let path = bench.directory + "/layer-\(variant).sqlite"
                Files.remove(path)
                let db = try Connection(path: path)
                try db.execute(sql: create)
                let seconds: Double
                switch variant {
                case "raw":
                    let raw = try RawDatabase(path: path)
                    let s = try raw.prepare(insertSQL)
                    seconds = try Clock.time {
                        try raw.exec("BEGIN IMMEDIATE")
                        for item in items {
                            raw.bind(s, 1, item.id); raw.bind(s, 2, item.a); raw.bind(s, 3, item.b); raw.bind(s, 4, item.c)
                            raw.bind(s, 5, item.d); raw.bind(s, 6, item.e); sqlite3_bind_double(s, 7, item.f); raw.bind(s, 8, item.g)
                            try raw.run(s)
                        }
                        try raw.exec("COMMIT")
                    }
                    sqlite3_finalize(s)
                case "cached_binding":
                    // The statement cache, values bound by type (execute(sql:binding:), the stores' hot path).
                    seconds = try Clock.time {
                        try db.write { db in
                            for item in items {
                                try db.execute(sql: insertSQL, binding: item.id, item.a, item.b, item.c, item.d, item.e, item.f, item.g)
                            }
                        }
                    }
                case "cached":
                    // The statement cache, values in StatementArguments (an array of existentials).
                    seconds = try Clock.time {
                        try db.write { db in
                            for item in items {
                                try db.execute(sql: insertSQL, arguments: [item.id, item.a, item.b, item.c, item.d, item.e, item.f, item.g])
                            }
                        }
                    }
                default:
                    seconds = try Clock.time {
                        try db.write { db in
                            for item in items {
                                try db.makeStatement(sql: insertSQL)
                                    .execute(arguments: [item.id, item.a, item.b, item.c, item.d, item.e, item.f, item.g])
                            }
                        }
                    }
                }
                insert[variant, default: []].append(seconds)
                let written = try DatabaseChecksum.hash(try RawDatabase(path: path), selectSQL)
                if written.hash != expected || written.rows != Int64(count) {
                    insertFailures.append("\(variant) rep \(rep): " + String(format: "%016llx, %lld rows", written.hash, written.rows))
                }
            }
        }
        report(bench, "layer_insert", insert, rows: count, variants: ["raw", "cached_binding", "cached", "prepare_per_row"])
        bench.report.check(insertFailures.isEmpty, "layer_insert_rows", insertFailures.isEmpty
                           ? String(format: "%d rows, every column, %016llx, in every variant and sample", count, expected)
                           : insertFailures.joined(separator: "; "))

        // Fetch: raw C by index, SQLiteCore by index (RowDecodable), SQLiteCore looking columns up by name.
        let path = bench.directory + "/layer-raw.sqlite"
        let db = try Connection(path: path)
        let raw = try RawDatabase(path: path)
        var fetch: [String: [Double]] = [:]
        var fetchFailures: [String] = []
        let expectedRows = rowHash(items)
        for rep in 0..<reps {
            for variant in rotated(["raw", "by_index", "by_name"], by: rep) {
                var rows: [Item] = []
                let seconds: Double
                switch variant {
                case "raw":
                    seconds = try Clock.time {
                        let s = try raw.prepare(selectSQL)
                        defer { sqlite3_finalize(s) }
                        while sqlite3_step(s) == SQLITE_ROW {
                            rows.append(Item(
                                id: sqlite3_column_int64(s, 0), a: sqlite3_column_int64(s, 1), b: sqlite3_column_int64(s, 2),
                                c: sqlite3_column_int64(s, 3), d: RawBench.text(s, 4), e: RawBench.text(s, 5),
                                f: sqlite3_column_double(s, 6), g: sqlite3_column_int64(s, 7)))
                        }
                    }
                case "by_index":
                    seconds = try Clock.time { rows = try Item.fetchAll(db, sql: selectSQL) }
                default:
                    seconds = try Clock.time {
                        rows = try db.fetchAll(sql: selectSQL) { row in
                            Item(id: try row["id"], a: try row["a"], b: try row["b"], c: try row["c"], d: try row["d"], e: try row["e"],
                                 f: try row["f"], g: try row["g"])
                        }
                    }
                }
                fetch[variant, default: []].append(seconds)
                let hash = rowHash(rows)
                if hash != expectedRows || rows.count != count {
                    fetchFailures.append("\(variant) rep \(rep): " + String(format: "%016llx, %d rows", hash, rows.count))
                }
            }
        }
        report(bench, "layer_fetch", fetch, rows: count, variants: ["raw", "by_index", "by_name"])
        bench.report.check(fetchFailures.isEmpty, "layer_fetch_same_rows", fetchFailures.isEmpty
                           ? String(format: "%d rows, all 8 columns, %016llx, in every variant and sample", count, expectedRows)
                           : fetchFailures.joined(separator: "; "))

        // Money: INTEGER minor units into Money, against TEXT decimals into Decimal.
        try db.execute(sql: "CREATE TABLE money_int (id INTEGER PRIMARY KEY, amount_minor INTEGER NOT NULL)")
        try db.execute(sql: "CREATE TABLE money_text (id INTEGER PRIMARY KEY, amount TEXT NOT NULL)")
        try db.write { db in
            for item in items {
                let minor = item.a * 13 + 7
                try db.execute(sql: "INSERT INTO money_int (amount_minor) VALUES (?)", arguments: [minor])
                try db.execute(sql: "INSERT INTO money_text (amount) VALUES (?)",
                               arguments: [Money(minorUnits: minor, currency: .eur).amountText])
            }
        }
        var money: [String: [Double]] = [:]
        var totals: [String: String] = [:]
        for rep in 0..<reps {
            for variant in rotated(["integer", "text_decimal"], by: rep) {
                if variant == "integer" {
                    var total = Money.zero(.eur)
                    money[variant, default: []].append(try Clock.time {
                        let amounts = try db.fetchAll(sql: "SELECT amount_minor FROM money_int ORDER BY id") { row in
                            Money(minorUnits: try row[0], currency: .eur)
                        }
                        for amount in amounts { total = try total + amount }
                    })
                    totals[variant] = String(total.minorUnits)
                } else {
                    var total = Decimal(0)
                    let posix = Locale(identifier: "en_US_POSIX")  // built once, before the clock starts
                    money[variant, default: []].append(try Clock.time {
                        let amounts = try db.fetchAll(sql: "SELECT amount FROM money_text ORDER BY id") { row in
                            Decimal(string: try row[0] as String, locale: posix) ?? 0
                        }
                        for amount in amounts { total += amount }
                    })
                    totals[variant] = String((total * 100 as NSDecimalNumber).int64Value)
                }
            }
        }
        report(bench, "layer_money", money, rows: count, variants: ["integer", "text_decimal"], baseline: "integer")
        bench.report.check(totals["integer"] == totals["text_decimal"], "layer_money_same_total", totals["integer"] ?? "-")

        // WAL: one transaction per insert, WAL + synchronous=NORMAL (the default) against a rollback journal + FULL.
        // A rollback journal with synchronous=FULL waits for the disk on every commit: few suffice.
        let commits = bench.n >= 100_000 ? 200 : 50
        var wal: [String: [Double]] = [:]
        for rep in 0..<reps {
            for variant in rotated(["wal_normal", "delete_full"], by: rep) {
                let path = bench.directory + "/layer-\(variant).sqlite"
                Files.remove(path)
                var configuration = Connection.Configuration()
                if variant == "delete_full" {
                    configuration.journalMode = .delete
                    configuration.synchronous = .full
                }
                let db = try Connection(path: path, configuration: configuration)
                try db.execute(sql: create)
                wal[variant, default: []].append(try Clock.time {
                    for item in items.prefix(commits) {
                        try db.write { db in
                            try db.execute(sql: insertSQL, arguments: [item.id, item.a, item.b, item.c, item.d, item.e, item.f, item.g])
                        }
                    }
                })
                Files.remove(path)
            }
        }
        report(bench, "layer_commit", wal, rows: commits, variants: ["wal_normal", "delete_full"], baseline: "wal_normal",
               unit: "commits")
    }

    /// FNV-1a over the items' every field, in the byte order of ``DatabaseChecksum/hash(_:_:seed:)``
    /// (integers as 8 bytes, texts as UTF-8, the real as its bit pattern, each field closed by 0x1F).
    static func tableHash(_ items: [Item]) -> UInt64 {
        var hasher = FNV()
        func int(_ value: Int64) { hasher.add(value); hasher.add(UInt8(0x1F)) }
        for item in items {
            int(item.id); int(item.a); int(item.b); int(item.c)
            hasher.add(item.d); hasher.add(item.e)
            int(Int64(bitPattern: item.f.bitPattern)); int(item.g)
        }
        return hasher.value
    }

    /// The fetched rows, every column.
    static func rowHash(_ items: [Item]) -> UInt64 { tableHash(items) }

    static func report(_ bench: Bench, _ measure: String, _ times: [String: [Double]], rows: Int, variants: [String],
                       baseline: String = "raw", unit: String = "rows") {
        let base = median(times[baseline]!)
        for variant in variants {
            let value = median(times[variant]!)
            var extras: [(String, String)] = [("samples", String(min(times[variant]!.count, times[baseline]!.count))),
                                              ("\(unit)_per_s", format((Double(rows) / value).rounded())),
                                              ("caches", measure == "layer_fetch" || measure == "layer_money" ? "sqlite_warm,os_warm" : "new_file")]
            extras.insert((baseline == "raw" ? "ratio_to_raw" : "ratio_to_\(baseline)", String(format: "%.2f", value / base)), at: 0)
            bench.report.add(Figure(measure: measure, implementation: variant, n: rows, unit: unit, value: value, extras: extras))
        }
    }
}
