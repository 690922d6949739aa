import Foundation
import SQLiteCore
import Testing

@testable import GrantPortfolio

/// A process killed with SIGKILL (no handler, no cleanup) in the middle of a
/// write leaves a database that opens, is sound, and holds either all of the
/// interrupted transaction or none of it. This is SQLite's atomic commit
/// (WAL mode, `synchronous=NORMAL`); the tests check the library keeps it, by
/// doing all of an import in one transaction and each migration in one.
///
/// A process crash is not a power loss: the operating system still writes
/// what the process wrote. Power loss is not simulated here (SQLite's own
/// crash tests do it with a VFS that drops unsynced writes).
@Suite("SIGKILL in the middle of an import or a migration")
struct CrashTests {
    @Test("an import killed at 20 seeded random moments is wholly there or wholly absent, the file sound")
    func killedImport() throws {
        let kills = scaled(20, stress: 100)
        let scratch = try Scratch("crash-import")
        let base = try scratch.fixtureDatabase("base.sqlite")
        let document = scratch.url("generated.json")
        try Fixture.generatedDocument(projects: scaled(600, stress: 1500)).write(to: document)

        // Before and after, from a run that is not interrupted.
        let before = try PortfolioState(path: try scratch.copy(base, to: "before.sqlite"))
        let complete = try scratch.copy(base, to: "complete.sqlite")
        let run = try ChildProcess.runWorker("import", "--db", complete, "--file", document.path, "--cache-pages", "64")
        #expect(run.succeeded, "\(run)")
        let duration = try #require(Double(run.record("imported")?.first ?? ""))
        let after = try PortfolioState(path: complete)
        #expect(before != after)

        var random = SeededGenerator(seed: 20_261_129)
        var outcomes: [String: Int] = [:]
        for kill in 0..<kills {
            let path = try scratch.copy(base, to: "killed-\(kill).sqlite")
            // Uniform over the import and a little after it.
            let delay = Double.random(in: 0...(duration * 1.15), using: &random)
            let child = try ChildProcess.worker("import", "--db", path, "--file", document.path, "--cache-pages", "64")
            try child.waitForLine(startingWith: "importing")
            pause(delay)
            child.killNow()
            let result = try child.wait()
            let finished = !result.signaled
            if finished { #expect(result.succeeded, "\(result)") }

            let label = "kill \(kill) after \(String(format: "%.3f", delay)) s"
            // Pages the killed transaction had already written to the WAL,
            // which opening the file must ignore.
            let walBytes = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
            #expect(try integrityProblems(path) == [], "\(label)")
            let state = try PortfolioState(path: path)
            if state == before {
                outcomes["absent", default: 0] += 1
                if walBytes > 0 && result.signaled { outcomes["absent, uncommitted pages left in the WAL", default: 0] += 1 }
                #expect(!finished, "\(label): the import finished but is not there")
            } else if state == after {
                outcomes["present", default: 0] += 1
            } else {
                Issue.record("\(label): the portfolio is neither as before the import nor as after it")
            }
            try? FileManager.default.removeItem(atPath: path)
        }
        report("killed import: \(kills) kills over an import of \(String(format: "%.2f", duration)) s: \(outcomes.sorted { $0.key < $1.key })")
        #expect((outcomes["absent"] ?? 0) > 0, "no kill landed inside the import")
    }

    /// The schema (every object's SQL), `user_version` and the applied
    /// migrations of the file at `path`.
    static func schema(_ path: String) throws -> [String] {
        let db = try Connection(path: path)
        var lines = try db.fetchAll(sql: "SELECT type, name, coalesce(sql, '') FROM sqlite_schema ORDER BY type, name") {
            "\(try $0[0] as String) \(try $0[1] as String): \(try $0[2] as String)"
        }
        lines.append("user_version \(try Int.fetchOne(db, sql: "PRAGMA user_version") ?? -1)")
        let hasTable = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_schema WHERE name = 'schema_migrations'") ?? 0
        if hasTable > 0 {
            lines += try db.fetchAll(sql: "SELECT version, name, sha256 FROM schema_migrations ORDER BY version") {
                "migration \(try $0[0] as Int) \(try $0[1] as String) \(try $0[2] as String)"
            }
        }
        return lines
    }

    @Test("a migration killed half-way leaves the previous version, and the next run completes it")
    func killedMigration() throws {
        let kills = scaled(4, stress: 30)
        let rows = "300000"
        let scratch = try Scratch("crash-migration")
        let library = PortfolioSchema.latestVersion

        // A portfolio at the library's version, holding the fixture: the
        // worker adds a deliberately slow migration (a backfill of many rows
        // and an index on them) after the library's own.
        let base = try scratch.fixtureDatabase("base.sqlite")
        let baseSchema = try Self.schema(base)
        let baseState = try PortfolioState(path: try scratch.copy(base, to: "base-state.sqlite"))
        let complete = try scratch.copy(base, to: "complete.sqlite")
        let run = try ChildProcess.runWorker("migrate", "--db", complete, "--rows", rows)
        #expect(run.succeeded, "\(run)")
        #expect(run.record("migrated")?.first == "\(library + 1)")
        let duration = try #require(Double(run.record("migrated")?.last ?? ""))
        let completeSchema = try Self.schema(complete)

        var random = SeededGenerator(seed: 7)
        var interrupted = 0
        for kill in 0..<kills {
            let path = try scratch.copy(base, to: "killed-\(kill).sqlite")
            // Inside the slow migration: between 5 % and 50 % of its measured
            // duration (a later run may be faster than the measured one).
            let delay = Double.random(in: (duration * 0.05)...(duration * 0.5), using: &random)
            let child = try ChildProcess.worker("migrate", "--db", path, "--rows", rows)
            try child.waitForLine(startingWith: "migrating")
            pause(delay)
            child.killNow()
            let result = try child.wait()
            let label = "kill \(kill) after \(String(format: "%.3f", delay)) s of \(String(format: "%.3f", duration)) s"

            #expect(try integrityProblems(path) == [], "\(label)")
            let schema = try Self.schema(path)
            if schema == completeSchema {
                // The migration committed before the kill: allowed, but not what this test is after.
                #expect(result.succeeded || result.signaled, "\(label): \(result)")
            } else {
                // The previous version, exactly: schema, user_version, records, data.
                interrupted += 1
                #expect(result.signaled, "\(label): \(result)")
                #expect(schema == baseSchema, "\(label)")
                if schema == baseSchema { #expect(try PortfolioState(path: path) == baseState, "\(label)") }
            }
            // The next run completes it.
            let again = try ChildProcess.runWorker("migrate", "--db", path, "--rows", rows)
            #expect(again.succeeded, "\(label): \(again)")
            #expect(try Self.schema(path) == completeSchema, "\(label)")
            let backfilled = try Connection(path: path).fetchOne(sql: "SELECT count(*) FROM reliability_backfill") { try $0[0] as Int }
            #expect(backfilled == Int(rows), "\(label)")
            #expect(try integrityProblems(path) == [], "\(label)")
            try? FileManager.default.removeItem(atPath: path)
        }
        #expect(interrupted > 0, "no kill landed inside the migration")
        report("killed migration: \(kills) kills of a \(String(format: "%.2f", duration)) s migration; \(interrupted) inside it, each leaving version \(library) exactly; every next run completed it")
    }

    @Test("migrations from version 1 killed at random moments leave a whole earlier version, and the next run completes them")
    func killedMigrationsFromTheStart() throws {
        let kills = scaled(5, stress: 30)
        let rows = "100000"
        let scratch = try Scratch("crash-migrations")
        let migrations = PortfolioSchema.migrations

        // The schema at each version, from migrations applied in-process.
        var schemas: [[String]] = []
        for version in 1...migrations.count {
            let path = scratch.path("reference-\(version).sqlite")
            do {
                let db = try Connection(path: path)
                try Migrator(migrations: Array(migrations.prefix(version))).migrate(db)
            }
            schemas.append(try Self.schema(path))
        }
        let start = scratch.path("start.sqlite")
        do {
            let db = try Connection(path: start)
            try Migrator(migrations: Array(migrations.prefix(1))).migrate(db)
        }
        let complete = try scratch.copy(start, to: "complete.sqlite")
        let run = try ChildProcess.runWorker("migrate", "--db", complete, "--rows", rows)
        #expect(run.succeeded, "\(run)")
        let duration = try #require(Double(run.record("migrated")?.last ?? ""))
        let completeSchema = try Self.schema(complete)

        var random = SeededGenerator(seed: 11)
        var versions: [Int: Int] = [:]
        // Kills that landed inside the migrations: the worker died by the
        // signal and left an earlier version than the complete one.
        var landed = 0
        for kill in 0..<kills {
            let path = try scratch.copy(start, to: "killed-\(kill).sqlite")
            // Early: most kills land in the library's own (fast) migrations.
            let delay = Double.random(in: 0...(duration * 0.3), using: &random)
            let child = try ChildProcess.worker("migrate", "--db", path, "--rows", rows)
            try child.waitForLine(startingWith: "migrating")
            pause(delay)
            child.killNow()
            let result = try child.wait()
            let label = "kill \(kill) after \(String(format: "%.3f", delay)) s"
            #expect(try integrityProblems(path) == [], "\(label)")
            let schema = try Self.schema(path)
            if let version = schemas.firstIndex(of: schema) {
                versions[version + 1, default: 0] += 1
                #expect(result.signaled, "\(label): version \(version + 1) left, but the worker was not killed: \(result)")
                if result.signaled { landed += 1 }
            } else if schema == completeSchema {
                versions[migrations.count + 1, default: 0] += 1
                #expect(!result.signaled, "\(label)")
            } else {
                Issue.record("\(label): the schema is not that of any version: \(schema.suffix(3))")
            }
            let again = try ChildProcess.runWorker("migrate", "--db", path, "--rows", rows)
            #expect(again.succeeded, "\(label): \(again)")
            #expect(try Self.schema(path) == completeSchema, "\(label)")
            try? FileManager.default.removeItem(atPath: path)
        }
        report("killed migrations from version 1: versions left \(versions.sorted { $0.key < $1.key }), \(landed) of \(kills) kills inside the migrations (run of \(String(format: "%.2f", duration)) s)")
        // Kills that all land after the migrations would test nothing: at least a third must land inside them.
        #expect(landed * 3 >= kills, "only \(landed) of \(kills) kills landed inside the migrations")
    }
}
