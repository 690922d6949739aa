import Foundation
import SQLiteCore
import Testing

/// `grants check --statistics` finds tampered statistics facts, and
/// `grants migrate --rebuild-statistics` repairs them in one transaction.
@Suite("grants check --statistics and migrate --rebuild-statistics")
struct StatisticsMaintenanceTests {
    let scratch: CLIScratch
    init() throws { scratch = try CLIScratch() }

    @Test("a sound file: ok; tampered facts and change rows: each named; rebuilt: ok again, the figures unchanged")
    func tamperedThenRebuilt() throws {
        let db = try scratch.demoDatabase()
        let clean = try scratch.grants("check", "--statistics", "--db", db)
        #expect(clean.exitCode == 0, "\(clean.stderr)")
        #expect(clean.stdout == "ok\n")
        let figures = try scratch.grants("stats", "--db", db, "--by", "theme", "--as-of", "2020-01-01")

        // Another program changes the derived tables (not the data).
        let other = try Connection(path: db)
        try other.execute(sql: """
            UPDATE statistics_period SET outcome = 'rejected'
            WHERE project_id = (SELECT id FROM project WHERE reference = 'LPR-2009-01') AND outcome = 'approved'
            """)
        try other.execute(sql: "UPDATE statistics_change SET projects = projects + 1 WHERE granularity = 'month' AND span = (SELECT min(span) FROM statistics_change WHERE granularity = 'month')")
        let tampered = try scratch.grants("check", "--statistics", "--db", db)
        #expect(tampered.exitCode == 1)
        #expect(tampered.stdout.contains("statistics_period project 'LPR-2009-01': period from"), "\(tampered.stdout)")
        #expect(tampered.stdout.contains("statistics_change granularity='month'"), "\(tampered.stdout)")
        // The plain check only looks at integrity.
        #expect(try scratch.grants("check", "--db", db).exitCode == 0)

        let rebuilt = try scratch.grants("migrate", "--rebuild-statistics", "--db", db)
        #expect(rebuilt.exitCode == 0, "\(rebuilt.stderr)")
        #expect(rebuilt.stdout.contains("statistics facts rebuilt"))
        #expect(try scratch.grants("check", "--statistics", "--db", db).stdout == "ok\n")
        #expect(try scratch.grants("stats", "--db", db, "--by", "theme", "--as-of", "2020-01-01").stdout == figures.stdout)
    }

    @Test("a rebuild that fails leaves the file as it was")
    func failedRebuild() throws {
        let db = try scratch.demoDatabase()
        let other = try Connection(path: db)
        // A trigger of its own makes the rebuild fail half-way.
        try other.execute(sql: """
            CREATE TRIGGER tamper AFTER INSERT ON statistics_period
            WHEN NEW.project_id = (SELECT max(id) FROM project)
            BEGIN SELECT RAISE(ABORT, 'tampered'); END
            """)
        let before = try Int64.fetchOne(other, sql: "SELECT count(*) FROM statistics_period")
        let failed = try scratch.grants("migrate", "--rebuild-statistics", "--db", db)
        #expect(failed.exitCode == 1)
        #expect(failed.stderr.contains("tampered"), "\(failed.stderr)")
        #expect(try Int64.fetchOne(other, sql: "SELECT count(*) FROM statistics_period") == before)
        #expect(try Int64.fetchOne(other, sql: "SELECT count(*) FROM statistics_stale") == 0)
    }
}
