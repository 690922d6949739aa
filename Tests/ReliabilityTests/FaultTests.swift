import Foundation
import SQLiteCore
import Testing

@testable import GrantPortfolio

/// Disk full and read-only files, at the level of the `Portfolio` API.
///
/// Tests/SQLiteCoreTests/DiskFullTests.swift and ReadOnlyTests.swift prove
/// the same on bare connections; these prove that the portfolio's stores and
/// importers pass the failure on as a typed error, leave the database as it
/// was, and go on working.
@Suite("Disk full and read-only files")
struct FaultTests {
    @Test("disk full (PRAGMA max_page_count): the write fails with SQLITE_FULL, is rolled back, and the portfolio goes on")
    func diskFull() throws {
        let scratch = try Scratch("diskfull")
        let portfolio = try Portfolio(path: try scratch.fixtureDatabase())
        let before = try rowSnapshot(portfolio)
        func cap(extra: Int) throws {
            try portfolio.database.withConnection { db in
                let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
                // PRAGMA takes no bound parameters; the value is an integer we computed.
                _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(pages + extra)")
            }
        }
        func expectFull(_ error: Error?, _ what: String) {
            guard let error = error as? SQLiteError else {
                Issue.record("\(what): expected an SQLiteError, got \(String(describing: error))")
                return
            }
            #expect(error.primaryCode == .full, "\(what): \(error)")
            #expect(error.message.contains("full"), "\(what): \(error)")
        }
        try cap(extra: 4)

        // An import of 300 projects: all or nothing.
        let document = Fixture.generatedDocument(projects: 300, prefix: "FULL")
        expectFull(#expect(throws: (any Error).self) { try portfolio.importDocument(from: document) }, "import")
        #expect(try rowSnapshot(portfolio) == before)
        #expect(try portfolio.database.withConnection { $0.isInTransaction } == false)

        // One large record.
        let large = Project(reference: "FULL-LARGE", title: "Large", summary: String(repeating: "x", count: 1 << 20), owner: "lpr")
        expectFull(#expect(throws: (any Error).self) { try portfolio.projects.create(large) }, "a 1 MB summary")
        #expect(try rowSnapshot(portfolio) == before)

        // A batch whose last record does not fit: the earlier ones go too.
        expectFull(#expect(throws: (any Error).self) {
            try portfolio.batch { batch in
                try batch.create(Organisation(handle: "full-small", name: "Fits"))
                try batch.create(large)
            }
        }, "a batch")
        #expect(try portfolio.organisations.fetch(handle: "full-small") == nil)
        #expect(try rowSnapshot(portfolio) == before)

        // The same portfolio goes on: a small write fits, and once there is
        // room the large ones go through.
        try portfolio.organisations.create(Organisation(handle: "after-full", name: "Written after the failures"))
        try cap(extra: 100_000)
        try portfolio.projects.create(large)
        try portfolio.importDocument(from: document)
        #expect(try portfolio.projects.count() == 14 + 1 + 300)
        #expect(try portfolio.database.read { try $0.integrityProblems() } == [])
    }

    /// Every way the API writes, each expected to throw.
    static func writes(_ portfolio: Portfolio) -> [(String, () throws -> Void)] {
        [
            ("create organisation", { try portfolio.organisations.create(Organisation(handle: "intruder", name: "Intruder")) }),
            ("update project", {
                var project = try #require(try portfolio.projects.fetch(reference: "LPR-2009-01"))
                project.title = "Changed"
                try portfolio.projects.update(project)
            }),
            ("delete project", { try portfolio.projects.delete(reference: "LPR-2009-01") }),
            ("record status", {
                let id = try #require(try portfolio.applications.applications(ofProject: "LPR-2026-01").first?.id)
                try portfolio.applications.recordStatus(.approved, on: try CalendarDate("2030-01-01"), for: id)
            }),
            ("import", { try portfolio.importDocument(from: Fixture.generatedDocument(projects: 2, prefix: "RO")) }),
            ("batch", { _ = try portfolio.batch { try $0.create(Organisation(handle: "batch-intruder", name: "Intruder")) } }),
        ]
    }

    @Test("a portfolio opened read-only (readOnly: true, and a ?mode=ro URI) reads everything and refuses every write")
    func readOnlyPortfolio() throws {
        let scratch = try Scratch("readonly")
        let path = try scratch.fixtureDatabase()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let expected = try PortfolioState(path: try scratch.copy(path, to: "expected.sqlite"))
        for (label, portfolio) in [
            ("readOnly: true", try Portfolio(path: path, readOnly: true)),
            ("?mode=ro", try Portfolio(path: "file:\(path)?mode=ro")),
        ] {
            #expect(try PortfolioState(portfolio) == expected, "\(label)")
            #expect(try portfolio.projects.search(ProjectQuery()).count == 14, "\(label)")
            for (what, write) in Self.writes(portfolio) {
                let error = #expect(throws: SQLiteError.self, "\(label): \(what)") { try write() }
                #expect(error?.primaryCode == .readOnly, "\(label): \(what): \(String(describing: error))")
            }
            #expect(try PortfolioState(portfolio) == expected, "\(label)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    /// Runs the worker's `readonly` command on `path`, as nobody when the
    /// tests run as root (root ignores file permissions).
    static func probeReadOnly(_ path: String) throws -> ChildProcess.Result {
        var arguments = ["readonly", "--db", path]
        if isRoot { arguments.append("--drop-privileges") }
        let result = try ChildProcess(try Products.worker, arguments).wait(timeout: 60)
        #expect(result.succeeded, "\(result)")
        #expect(result.record("uid")?.first != "0", "the probe must not run as root: \(result)")
        return result
    }

    @Test("a read-only file (chmod 0444): reads work, every write is a clear read-only error, the file is unchanged")
    func readOnlyFile() throws {
        let scratch = try Scratch("readonly-file")
        let folder = try scratch.subfolder("writable")
        let path = try scratch.copy(try scratch.fixtureDatabase(), to: "writable/portfolio.sqlite")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        // The folder stays writable for the prober (SQLite may put its -wal and -shm there).
        if isRoot { chown(folder.path, 65534, 65534) } else { chmod(folder.path, 0o755) }
        chmod(path, 0o444)
        let result = try Self.probeReadOnly(path)
        for mode in ["rw", "ro"] {
            #expect(result.record("open-\(mode)")?.first == "ok", "\(result)")
            #expect(result.record("count-\(mode)") == ["ok", "14"], "\(result)")
            #expect(result.record("statistics-\(mode)") == ["ok", "14"], "\(result)")
            #expect(result.record("export-\(mode)")?.first == "ok", "\(result)")
            let write = result.record("write-\(mode)") ?? []
            #expect(write.prefix(2) == ["error", "SQLiteError"], "\(mode): \(result)")
            #expect(Int32(write.count > 2 ? write[2] : "").map { $0 & 0xFF } == ResultCode.readOnly.rawValue, "\(mode): \(result)")
            #expect(write.last?.contains("readonly") == true, "\(mode): \(result)")
            #expect(result.record("count-after-\(mode)") == ["ok", "14"], "\(result)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test("a read-only folder: opened read-only the portfolio reads, every write is a clear read-only error, nothing is created")
    func readOnlyFolder() throws {
        let scratch = try Scratch("readonly-folder")
        let folder = try scratch.subfolder("locked")
        let path = try scratch.copy(try scratch.fixtureDatabase(), to: "locked/portfolio.sqlite")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        chmod(path, 0o444)
        chmod(folder.path, 0o555)
        let result = try Self.probeReadOnly(path)

        // readOnly: true (what `grants stats`, `projects`, `export`, `query` use): reads work.
        #expect(result.record("open-ro")?.first == "ok", "\(result)")
        #expect(result.record("count-ro") == ["ok", "14"], "\(result)")
        #expect(result.record("statistics-ro") == ["ok", "14"], "\(result)")
        #expect(result.record("export-ro")?.first == "ok", "\(result)")
        let write = result.record("write-ro") ?? []
        #expect(write.prefix(2) == ["error", "SQLiteError"], "\(result)")
        #expect(Int32(write.count > 2 ? write[2] : "").map { $0 & 0xFF } == ResultCode.readOnly.rawValue, "\(result)")

        // Read-write: SQLite cannot create the -wal and -shm files a WAL
        // database needs, so opening fails with a typed read-only error
        // (SQLITE_READONLY_DIRECTORY), never a crash; or, should SQLite manage,
        // reads work and the write is refused.
        let open = result.record("open-rw") ?? []
        if open.first == "ok" {
            #expect(result.record("count-rw") == ["ok", "14"], "\(result)")
            #expect(result.record("write-rw")?.prefix(2) == ["error", "SQLiteError"], "\(result)")
        } else {
            #expect(open.prefix(2) == ["error", "SQLiteError"], "\(result)")
            #expect(Int32(open.count > 2 ? open[2] : "").map { $0 & 0xFF } == ResultCode.readOnly.rawValue, "\(result)")
        }
        let contents = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(contents == ["portfolio.sqlite"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        report("read-only folder: read-write open \(open.prefix(3).joined(separator: " ")); read-only open \(result.record("open-ro")?.first ?? "?")")
    }

}

/// `sqlite3_hard_heap_limit64` is process-wide: set in the test process it
/// would make the allocations of suites running beside it fail too (and two
/// tests saving and restoring it at once could leave it set). The worker
/// sets it in its own process; the suite is serialized all the same.
@Suite("Out of memory", .serialized)
struct OutOfMemoryTests {
    @Test("out of memory (sqlite3_hard_heap_limit64, in a child process): typed errors, never a trap; unchanged; the limit restored")
    func outOfMemory() throws {
        let scratch = try Scratch("oom")
        let path = try scratch.fixtureDatabase()
        let document = scratch.url("document.json")
        try Fixture.generatedDocument(projects: 60, prefix: "OOM").write(to: document)
        let result = try ChildProcess.runWorker("oom", "--db", path, "--file", document.path, "--steps", "\(scaled(24, stress: 40))")
        // A trap would end the worker with a signal.
        #expect(result.succeeded, "\(result)")

        let create = result.record("create-big") ?? []
        #expect(create.prefix(2) == ["error", "SQLiteError"], "\(result)")
        #expect(Int32(create.count > 2 ? create[2] : "").map { $0 & 0xFF } == ResultCode.noMemory.rawValue, "\(result)")
        #expect(result.record("unchanged-after-create") == ["ok", "yes"], "\(result)")

        var failures: [String: Int] = [:]
        var importedAt: Int?
        for record in result.records where record.first?.hasPrefix("import-") == true {
            let index = Int(record[0].dropFirst("import-".count))!
            if record[1] == "ok" {
                importedAt = index
            } else {
                let kind = record.count > 3 ? "\(record[2]) \(record[3])" : record.joined(separator: " ")
                failures[kind, default: 0] += 1
                #expect(result.record("unchanged-\(index)") == ["ok", "yes"], "import-\(index) changed the portfolio: \(result)")
                // Reported as what it is: out of memory, not as some other problem.
                #expect(record[2] == "SQLiteError" && Int32(record[3]).map { $0 & 0xFF } == ResultCode.noMemory.rawValue,
                        "import-\(index) failed with something other than SQLITE_NOMEM: \(record)")
            }
        }
        #expect(failures.isEmpty == false, "no import failed: the limit did not bite")
        #expect(importedAt != nil, "the import never fitted: \(result)")
        for record in result.records where record.first?.hasPrefix("statistics-") == true {
            #expect(record[1] == "error" || record.last == "same", "a read under the limit gave a different answer: \(record)")
        }
        #expect(result.record("limit") == ["0"], "the limit was not restored")
        #expect(result.record("create-big-after")?.first == "ok", "\(result)")
        #expect(result.record("integrity") == ["ok", "clean"], "\(result)")
        report("out of memory: import failed \(failures.sorted { $0.key < $1.key }) then fitted at step \(importedAt.map(String.init) ?? "-")")
    }
}
