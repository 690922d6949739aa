import Foundation
import SQLiteCore
import Testing

@testable import GrantPortfolio

/// Whether the long versions run: `GRANTS_STRESS=1 swift test --filter ReliabilityTests`.
let isStress = ProcessInfo.processInfo.environment["GRANTS_STRESS"] == "1"

/// `normal` in the default suite, `stress` with GRANTS_STRESS=1.
func scaled(_ normal: Int, stress: Int) -> Int { isStress ? stress : normal }

/// True when the tests run as root, who ignores file permissions.
let isRoot = geteuid() == 0

/// A seeded pseudo-random generator (SplitMix64): the same seed gives the
/// same sequence on every machine, so a failing seed can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A fresh temporary folder for one test, removed with everything in it.
final class Scratch: @unchecked Sendable {
    // @unchecked Sendable: immutable after init.
    let folder: URL

    init(_ label: String = "reliability") throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Reachable by a worker that dropped root privileges (nobody).
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
    }

    deinit {
        // A test may have made parts read-only: make everything writable again first.
        if let paths = FileManager.default.enumerator(atPath: folder.path) {
            for case let relative as String in paths {
                chmod(folder.appendingPathComponent(relative).path, 0o755)
            }
        }
        chmod(folder.path, 0o755)
        try? FileManager.default.removeItem(at: folder)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func url(_ name: String) -> URL { folder.appendingPathComponent(name) }

    func subfolder(_ name: String) throws -> URL {
        let url = folder.appendingPathComponent(name, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url
    }

    /// Creates a portfolio holding the Latgale fixture at `name` and closes
    /// it, so that the WAL is checkpointed and the file alone is the database.
    @discardableResult
    func fixtureDatabase(_ name: String = "fixture.sqlite") throws -> String {
        let path = self.path(name)
        do {
            let portfolio = try Portfolio(path: path)
            try portfolio.importDocument(from: Fixture.latgale)
        }
        try expectClosed(path)
        return path
    }

    /// Copies the database file `source` (closed, no -wal) to `name`.
    func copy(_ source: String, to name: String) throws -> String {
        let destination = self.path(name)
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: destination + suffix) }
        try FileManager.default.copyItem(atPath: source, toPath: destination)
        return destination
    }

    /// Checks that no connection left a WAL behind.
    func expectClosed(_ path: String) throws {
        let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        #expect(wal == 0, "\(path) still has a WAL: a connection is open")
    }
}

enum Fixture {
    /// The Latgale Planning Region fixture, `Fixtures/latgale-planning-region.json`
    /// in the package folder (the library embeds no fixture).
    static let latgale: Data = try! Data(contentsOf: URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/latgale-planning-region.json"))

    /// The shared 360Giving sample files.
    /// `shared/data/360giving` beside the checkout (as on CI), else the workplace's copy.
    static let threeSixtyGivingFolder: URL = {
        let besideCheckout = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/data/360giving")
        let workplace = URL(fileURLWithPath: "/work/shared/data/360giving")
        return FileManager.default.fileExists(atPath: besideCheckout.path) ? besideCheckout : workplace
    }()

    /// A portfolio JSON document of `projects` generated projects that
    /// refer to records of the Latgale fixture (so it imports into a
    /// database holding it), each with one application, a full status
    /// history and money figures. Every timestamp is given, so that two
    /// imports give the same export.
    static func generatedDocument(projects: Int, prefix: String = "GEN", seed: UInt64 = 1) -> Data {
        var random = SeededGenerator(seed: seed)
        var text = """
            {"format": "grantportfolio", "version": 1, "organisations": [
            {"handle": "\(prefix.lowercased())-partner", "name": "Generated partner \(prefix)", "country": "LT"}],
            "fundingSources": [{"handle": "\(prefix.lowercased())-fund", "kind": "donor", "title": "Generated fund \(prefix)"}],
            "projects": [
            """
        let outcomes = ["approved", "rejected", "under_evaluation", "withdrawn"]
        for index in 0..<projects {
            let year = 2010 + index % 15
            let outcome = outcomes[Int(random.next() % UInt64(outcomes.count))]
            var history = [("draft", "\(year)-01-10"), ("submitted", "\(year)-02-01"), ("under_evaluation", "\(year)-03-01")]
            if outcome != "under_evaluation" { history.append((outcome, "\(year)-06-15")) }
            let events = history.enumerated().map { offset, event in
                #"{"status": "\#(event.0)", "effectiveOn": "\#(event.1)", "recordedAt": "\#(event.1) 10:00:0\#(offset).000"}"#
            }.joined(separator: ", ")
            let cost = 10_000 + Int(random.next() % 900_000)
            let requested = cost * 85 / 100
            var money = [
                #"{"kind": "total_cost", "amount": "\#(cost).00", "currency": "EUR", "setOn": "\#(year)-02-01"}"#,
                #"{"kind": "requested", "amount": "\#(requested).00", "currency": "EUR", "setOn": "\#(year)-02-01"}"#,
            ]
            if outcome == "approved" {
                money.append(#"{"kind": "awarded", "amount": "\#(requested).00", "currency": "EUR", "setOn": "\#(year)-06-15"}"#)
            }
            text += index == 0 ? "\n" : ",\n"
            text += """
                {"reference": "\(prefix)-\(String(format: "%05d", index))", "title": "Generated project \(index) of \(prefix)",
                 "summary": "A project generated for the reliability tests, number \(index).", "owner": "lpr",
                 "themes": [{"vocabulary": "lpr-strategic-direction", "code": "education"}],
                 "applications": [{"fundingSource": "\(prefix.lowercased())-fund", "submittedOn": "\(year)-02-01", "currency": "EUR",
                   "participants": [{"organisation": "lpr", "role": "lead_applicant"},
                                    {"organisation": "\(prefix.lowercased())-partner", "role": "partner"}],
                   "statusHistory": [\(events)],
                   "money": [\(money.joined(separator: ", "))]}]}
                """
        }
        text += "\n]}\n"
        return Data(text.utf8)
    }
}

/// What a portfolio file holds, in forms that can be compared: its export
/// (every record, canonical), its statistics, and its integrity problems.
struct PortfolioState: Equatable {
    var export: Data
    var statistics: String

    /// Opens `path` (read-write, as a user would) and reads its state.
    init(path: String) throws {
        let portfolio = try Portfolio(path: path)
        try self.init(portfolio)
    }

    init(_ portfolio: Portfolio) throws {
        export = try portfolio.exportDocument()
        let options = StatisticsOptions(breakdowns: StatisticsDimension.allCases)
        statistics = "\(try portfolio.statistics(asOf: try CalendarDate("2030-01-01"), options: options))"
    }
}

/// `PRAGMA integrity_check` and `PRAGMA foreign_key_check` on `path`.
func integrityProblems(_ path: String) throws -> [String] {
    let db = try Connection(path: path)
    return try db.integrityProblems()
}

/// Every row of every table of the portfolio, as text.
func rowSnapshot(_ portfolio: Portfolio) throws -> String {
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

/// Seconds since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// Sleeps for `seconds`.
func pause(_ seconds: Double) {
    guard seconds > 0 else { return }
    usleep(useconds_t(seconds * 1_000_000))
}

/// A line for the test log: distributions and timings that RELIABILITY.md quotes.
func report(_ text: String) {
    print("[reliability] \(text)")
}
