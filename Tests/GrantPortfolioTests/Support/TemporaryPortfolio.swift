import Foundation
import GrantPortfolio
import SQLiteCore

/// A portfolio in a fresh temporary folder, removed when released.
///
/// ```swift
/// let scratch = try TemporaryPortfolio()
/// try scratch.portfolio.importDocument(from: TemporaryPortfolio.fixtureData)
/// ```
final class TemporaryPortfolio {
    let folder: URL
    let path: String
    let portfolio: Portfolio

    init(loadingFixture: Bool = false) throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("grantportfolio-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("portfolio.sqlite").path
        portfolio = try Portfolio(path: path)
        if loadingFixture { try portfolio.importDocument(from: Self.fixtureData) }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// The Latgale Planning Region fixture, `Fixtures/latgale-planning-region.json`
    /// in the package folder (the library embeds no fixture).
    static let fixtureData: Data = try! Data(contentsOf: URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/latgale-planning-region.json"))

    /// Every row of every table, as text: equal snapshots mean an unchanged database.
    func snapshot() throws -> String {
        try portfolio.database.read { db in
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            var text = ""
            for table in tables {
                text += "## \(table)\n"
                let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                let rows = try db.fetchAll(sql: "SELECT * FROM \(quoted) ") { row in
                    row.values.map { "\($0)" }.joined(separator: "|")
                }
                text += rows.sorted().joined(separator: "\n") + "\n"  // sorted: some tables have no rowid
            }
            return text
        }
    }

    /// Runs `body`, which must throw, and checks that the database is unchanged. Returns the error.
    func expectUnchanged(_ body: () throws -> Void) throws -> Error? {
        let before = try snapshot()
        var thrown: Error?
        do { try body() } catch { thrown = error }
        let after = try snapshot()
        return before == after ? thrown : UnchangedViolation(error: thrown)
    }

    /// Reported instead of the thrown error when the database changed.
    struct UnchangedViolation: Error, CustomStringConvertible {
        let error: Error?
        var description: String { "the database changed (error was: \(String(describing: error)))" }
    }
}

extension CalendarDate {
    /// A date from a literal in tests.
    static func day(_ text: String) -> CalendarDate { try! CalendarDate(text) }
}
