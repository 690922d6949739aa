import CSQLite
import Foundation
import Testing

@testable import SQLiteCore

/// A unique, empty folder under the system's temporary directory, removed
/// with everything in it when the instance is released.
///
/// Suites hold one as a stored property: Swift Testing makes a fresh suite
/// instance for every test, so each test gets its own folder that lives as
/// long as the test runs.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("SQLiteCoreTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// The path of a file named `name` in the folder.
    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }
}

extension Connection {
    /// `sqlite3_get_autocommit`: 1 when no transaction is open.
    var autocommit: Int32 { sqlite3_get_autocommit(handle) }

    /// The number of rows in `table`.
    func count(_ table: String) throws -> Int64 {
        try #require(try Int64.fetchOne(self, sql: "SELECT count(*) FROM \(table)"))
    }

    /// A textual picture of everything a migration could change: the schema,
    /// `user_version`, and the rows of every table, in a stable order.
    func dump() throws -> [String] {
        var lines = try fetchAll(sql: "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name") { row in
            let sql: String? = try row[3]
            return "\(try row[0] as String) \(try row[1] as String) on \(try row[2] as String): \(sql ?? "-")"
        }
        lines.append("user_version \(try #require(try Int64.fetchOne(self, sql: "PRAGMA user_version")))")
        let tables = try String.fetchAll(
            self, sql: "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        for table in tables {
            let rows = try fetchAll(sql: "SELECT * FROM \"\(table)\" ORDER BY rowid") { row in
                "\(table): \(row.values)"
            }
            lines += rows
        }
        return lines
    }
}

/// Seconds elapsed since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}
