import Foundation
import GrantPortfolio
@testable import GrantPortfolioPostgres
import SQLiteCore
import Testing

/// How a publish reads a portfolio file: every row as COPY text read in
/// place, and one state of the file although two connections read it.
@Suite("Reading a file to publish")
struct FileReadTests {
    @Test("a row read in place is the COPY text of its values")
    func rowInPlace() throws {
        let folder = try ScratchFolder()
        let db = try Connection(path: folder.path("values.sqlite"))
        try db.executeScript("""
            CREATE TABLE t (a ANY, b ANY, c ANY, d ANY, e ANY, f ANY, g ANY);
            INSERT INTO t VALUES ('Rēzekne 🇱🇻', 'a\\b' || char(9) || 'c' || char(10) || 'd' || char(13), NULL, -42, x'00ab7f', 2.5, '');
            INSERT INTO t VALUES (9223372036854775807, -9223372036854775808, 0, 'x', NULL, NULL, NULL);
            """)
        let statement = try db.makeStatement(sql: "SELECT * FROM t")
        var rows = CopyRows()
        var expected: [String] = []
        while try statement.step() {
            rows.append(statement.row)
            expected.append(copyLine(statement.row.values))
        }
        #expect(rows.lines == expected)
        #expect(rows.line(0) == "Rēzekne 🇱🇻\ta\\\\b\\tc\\nd\\r\t\\N\t-42\t\\\\x00ab7f\t2.5\t")
        #expect(rows.subset([1]).lines == [expected[1]])
    }

    @Test("two connections read one state of the file while another program writes to it")
    func oneState() async throws {
        let folder = try ScratchFolder()
        let path = try folder.portfolio("busy") { try $0.importDocument(from: ScratchFolder.fixtureData) }
        // The first project's title, the first theme's title and the first
        // application's grant identifier, written together in each
        // transaction: a portfolio-wide table and a table of project rows,
        // which the publish reads on one connection, and a table of
        // application rows, which it reads on the other. (None of them
        // counts in the statistics, which stay up to date.)
        let tables = [
            CentralTable(name: "theme", columns: ["id", "title"], key: ["id"]),
            CentralTable(name: "project", columns: ["id", "title"], key: ["id"]),
            CentralTable(name: "grant_record", columns: ["application_id", "recipient_person_id", "grant_identifier"],
                         key: ["application_id"]),
        ]
        try Connection(path: path).execute(
            sql: "INSERT INTO grant_record (application_id, grant_identifier) SELECT min(id), 'v0' FROM application")
        let stop = LockedFlag()
        let writes = LockedCounter()
        let writer = Thread {
            do {
                let db = try Connection(path: path)
                var version = 0
                while !stop.isSet {
                    version += 1
                    try db.transaction { db in
                        try db.execute(sql: "UPDATE project SET title = ? WHERE id = (SELECT min(id) FROM project)", arguments: ["v\(version)"])
                        try db.execute(sql: "UPDATE theme SET title = ? WHERE id = (SELECT min(id) FROM theme)", arguments: ["v\(version)"])
                        try db.execute(sql: "UPDATE grant_record SET grant_identifier = ?", arguments: ["v\(version)"])
                    }
                    writes.increment()
                    Thread.sleep(forTimeInterval: 0.001)
                }
            } catch {
                Issue.record("the writer failed: \(error)")
            }
            stop.set()
        }
        writer.start()
        defer { stop.set() }
        while writes.value == 0 && !stop.isSet { try await Task.sleep(for: .milliseconds(1)) }
        // Every other read lets the second half begin 5 ms after the first,
        // so that a write nearly always comes between them.
        for round in 0..<20 {
            let delay: Duration = round % 2 == 0 ? .milliseconds(5) : .zero
            let snapshot = try await CentralDatabase.read(path: path, tables: tables, secondHalfDelay: delay)
            let theme = snapshot.shared["theme"]!.rows.line(0).split(separator: "\t").last.map(String.init)
            let project = snapshot.perProject["project"]!.rows.line(0).split(separator: "\t").last.map(String.init)
            let grant = snapshot.perProject["grant_record"]!.rows.line(0).split(separator: "\t").last.map(String.init)
            #expect(theme == project && project == grant,
                    "the theme was read at \(theme ?? "-"), the project at \(project ?? "-"), the grant record at \(grant ?? "-")")
            if theme != project || project != grant { break }
        }
        stop.set()
        #expect(writes.value > 10)
    }

    /// The statistics facts of the projects that changed are read after the
    /// rest, in the same state of the file: the same rows as a read of
    /// them all, and a refusal when a write was committed in between.
    @Test("the statistics facts of some projects, read later in the same state of the file")
    func statisticsLater() async throws {
        let folder = try ScratchFolder()
        let path = try folder.portfolio("later") { try SeededPortfolio(seed: 5, projects: 30, rates: .inverse).build($0) }
        let tables = [
            CentralTable(name: "project", columns: ["id", "title"], key: ["id"]),
            CentralTable(name: "statistics_period", columns: ["project_id", "valid_from", "outcome", "awarded_converted"],
                         key: ["project_id", "valid_from"]),
            CentralTable(name: "statistics_unconvertible", columns: ["project_id", "valid_from", "position", "amount_minor"],
                         key: ["project_id", "valid_from", "position"]),
        ]
        let whole = try await CentralDatabase.read(path: path, tables: tables)
        let snapshot = try await CentralDatabase.read(path: path, tables: tables, withStatistics: false)
        #expect(whole.hasStatistics && !snapshot.hasStatistics)
        #expect(snapshot.perProject["statistics_period"] == nil)
        // The projects' digests do not depend on whether the facts were read.
        #expect(snapshot.projectDigests == whole.projectDigests)
        let unconvertibleProjects = Set(whole.perProject["statistics_unconvertible"]!.projects)
        try #require(!unconvertibleProjects.isEmpty)
        let some = Array(Set(whole.perProject["statistics_period"]!.projects).sorted().prefix(7)) + unconvertibleProjects.sorted().prefix(2)
        let chosen = Set(some)
        let later = try await CentralDatabase.readStatistics(snapshot, tables: tables, projects: some.sorted())
        for name in ["statistics_period", "statistics_unconvertible"] {
            let all = whole.perProject[name]!
            let expected = all.rows.subset(all.projects.indices.filter { chosen.contains(all.projects[$0]) }).lines
            #expect(later[name]!.rows.lines == expected, "\(name)")
            #expect(!expected.isEmpty, "\(name)")
        }
        let every = try await CentralDatabase.readStatistics(snapshot, tables: tables, projects: nil)
        #expect(every["statistics_period"]!.rows.lines == whole.perProject["statistics_period"]!.rows.lines)

        // A write by another connection in between: refused, to be read again.
        let writer = try Connection(path: path)
        try writer.execute(sql: "UPDATE project SET title = title || ' (changed)' WHERE id = (SELECT min(id) FROM project)")
        await #expect(throws: FileChangedWhileRead.self) {
            _ = try await CentralDatabase.readStatistics(snapshot, tables: tables, projects: some)
        }
    }
}

/// A flag set once, read from any thread.
private final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    var isSet: Bool { lock.withLock { flag } }
    func set() { lock.withLock { flag = true } }
}

/// A counter incremented from one thread, read from others.
private final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func increment() { lock.withLock { count += 1 } }
}
