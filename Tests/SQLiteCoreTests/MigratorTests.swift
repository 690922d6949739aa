import Foundation
import Testing

@testable import SQLiteCore

@Suite("The migrator applies, records and refuses")
struct MigratorTests {
    let directory: TemporaryDirectory
    let db: Connection

    init() throws {
        directory = try TemporaryDirectory()
        db = try Connection(path: directory.path("migrations.sqlite"))
    }

    static let one = Migration(version: 1, name: "metadata", sql: """
        -- The first table; this comment has a ; in it.
        CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
        INSERT INTO metadata (key, value) VALUES ('note', 'a; b; c');
        """)
    static let two = Migration(version: 2, name: "portfolio", sql: """
        CREATE TABLE project (id INTEGER PRIMARY KEY, reference TEXT NOT NULL UNIQUE) STRICT;
        CREATE TABLE application (
            id INTEGER PRIMARY KEY,
            project_id INTEGER NOT NULL REFERENCES project (id)
        ) STRICT;
        CREATE TRIGGER project_reference_immutable BEFORE UPDATE OF reference ON project
        BEGIN
            SELECT RAISE(ABORT, 'reference is immutable; create a new project');
        END;
        """)
    static let three = Migration(version: 3, name: "themes", sql: """
        CREATE TABLE theme (code TEXT PRIMARY KEY) STRICT;
        """)

    static let sha256 = try! NSRegularExpression(pattern: "^[0-9a-f]{64}$")

    func isSHA256(_ text: String) -> Bool {
        Self.sha256.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    func userVersion(_ db: Connection? = nil) throws -> Int {
        try #require(try Int.fetchOne(db ?? self.db, sql: "PRAGMA user_version"))
    }

    /// Everything about the file a refused migration must not change.
    func state() throws -> [String] {
        try db.dump()
    }

    // MARK: Applying

    @Test func appliesInOrderAndRecordsEachMigration() throws {
        let migrator = try Migrator(migrations: [Self.three, Self.one, Self.two])  // any order in
        #expect(migrator.migrations.map(\.version) == [1, 2, 3])
        #expect(migrator.latestVersion == 3)
        #expect(try migrator.currentVersion(db) == 0)

        let start = Date()
        let report = try migrator.migrate(db)
        #expect(report.fromVersion == 0)
        #expect(report.toVersion == 3)
        #expect(report.applied.map(\.version) == [1, 2, 3])
        #expect(try userVersion() == 3)
        #expect(try migrator.currentVersion(db) == 3)
        #expect(try String.fetchOne(db, sql: "SELECT value FROM metadata WHERE key = 'note'") == "a; b; c")
        #expect(try Int64.fetchOne(db, sql: "SELECT count(*) FROM sqlite_schema WHERE name = 'project_reference_immutable'") == 1)

        struct Record { var version: Int, name: String, sha256: String, appliedAt: String }
        let records = try db.fetchAll(sql: "SELECT version, name, sha256, applied_at FROM schema_migrations ORDER BY version") {
            Record(version: try $0[0], name: try $0[1], sha256: try $0[2], appliedAt: try $0[3])
        }
        #expect(records.map(\.version) == [1, 2, 3])
        #expect(records.map(\.name) == ["metadata", "portfolio", "themes"])
        #expect(records.map(\.sha256) == [Self.one.checksum, Self.two.checksum, Self.three.checksum])
        #expect(records.allSatisfy { isSHA256($0.sha256) })
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS"
        for record in records {
            let applied = try #require(formatter.date(from: record.appliedAt), "applied_at \(record.appliedAt)")
            #expect(abs(applied.timeIntervalSince(start)) < 60)
        }

        let status = try migrator.status(db)
        #expect(status.map(\.migration.version) == [1, 2, 3])
        #expect(status.allSatisfy { $0.appliedAt != nil })
    }

    @Test func eachMigrationIsItsOwnTransaction() throws {
        // Trace the statements: one BEGIN IMMEDIATE and one COMMIT per migration.
        final class Lines: @unchecked Sendable {
            // @unchecked Sendable: the connection calls the trace on this test's thread only.
            var lines: [String] = []
        }
        let lines = Lines()
        var configuration = Connection.Configuration()
        configuration.trace = { lines.lines.append($0) }
        let traced = try Connection(path: directory.path("traced.sqlite"), configuration: configuration)
        try Migrator(migrations: [Self.one, Self.two, Self.three]).migrate(traced)
        #expect(lines.lines.filter { $0.hasPrefix("BEGIN IMMEDIATE") }.count == 3)
        #expect(lines.lines.filter { $0.hasPrefix("COMMIT") }.count == 3)
    }

    @Test func aSecondRunAppliesNothing() throws {
        let migrator = try Migrator(migrations: [Self.one, Self.two])
        try migrator.migrate(db)
        let before = try state()
        let report = try migrator.migrate(db)
        #expect(report == Migrator.Report(fromVersion: 2, toVersion: 2, applied: []))
        #expect(try state() == before)
    }

    @Test func upgradesFromAnEarlierVersion() throws {
        try Migrator(migrations: [Self.one]).migrate(db)
        #expect(try userVersion() == 1)
        let status = try Migrator(migrations: [Self.one, Self.two, Self.three]).status(db)
        #expect(status.map { $0.appliedAt != nil } == [true, false, false])
        let report = try Migrator(migrations: [Self.one, Self.two, Self.three]).migrate(db)
        #expect(report.fromVersion == 1)
        #expect(report.toVersion == 3)
        #expect(report.applied.map(\.version) == [2, 3])
        #expect(try userVersion() == 3)
    }

    @Test func anEmptyMigratorLeavesAnEmptyDatabaseAlone() throws {
        let migrator = try Migrator(migrations: [])
        #expect(migrator.latestVersion == 0)
        let report = try migrator.migrate(db)
        #expect(report == Migrator.Report(fromVersion: 0, toVersion: 0, applied: []))
        #expect(try state() == ["user_version 0"])
    }

    // MARK: Refusals

    @Test func aGapIsRefused() throws {
        try Migrator(migrations: [Self.one]).migrate(db)
        let before = try state()
        let error = #expect(throws: MigrationError.self) { _ = try Migrator(migrations: [Self.one, Self.three]) }
        #expect(error == .missingVersion(expected: 2, found: 3))
        #expect(error?.description.contains("version 2 is missing") == true)
        // Not starting at 1 is a gap too.
        #expect(throws: MigrationError.missingVersion(expected: 1, found: 2)) {
            _ = try Migrator(migrations: [Self.two, Self.three])
        }
        #expect(try state() == before)
    }

    @Test func aDuplicateIsRefused() throws {
        try Migrator(migrations: [Self.one]).migrate(db)
        let before = try state()
        let copy = Migration(version: 1, name: "again", sql: "CREATE TABLE again (x);")
        let error = #expect(throws: MigrationError.self) { _ = try Migrator(migrations: [Self.one, copy, Self.two]) }
        #expect(error == .duplicateVersion(1))
        #expect(try state() == before)
    }

    @Test func anInvalidFileNameIsRefused() throws {
        try Migrator(migrations: [Self.one]).migrate(db)
        let before = try state()
        let error = #expect(throws: MigrationError.self) {
            let files = [("0001_metadata.sql", Self.one.sql), ("0002-portfolio.sql", Self.two.sql)]
            _ = try Migrator(migrations: files.map { try Migration(fileName: $0.0, sql: $0.1) })
        }
        #expect(error == .invalidFileName("0002-portfolio.sql"))
        #expect(try state() == before)
    }

    @Test func aNewerDatabaseIsRefusedNamingBothVersions() throws {
        try Migrator(migrations: [Self.one, Self.two, Self.three]).migrate(db)
        let before = try state()
        let old = try Migrator(migrations: [Self.one, Self.two])
        let error = #expect(throws: MigrationError.self) { try old.migrate(db) }
        #expect(error == .databaseIsNewer(databaseVersion: 3, libraryVersion: 2))
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("version 3") && text.contains("library's 2"), "\(text)")
        #expect(text.contains("newer"))
        #expect(throws: MigrationError.databaseIsNewer(databaseVersion: 3, libraryVersion: 2)) { _ = try old.status(db) }
        #expect(try state() == before)
    }

    @Test func aNewerUserVersionAloneIsRefused() throws {
        try db.execute(sql: "PRAGMA user_version = 7")
        let before = try state()
        #expect(throws: MigrationError.databaseIsNewer(databaseVersion: 7, libraryVersion: 3)) {
            try Migrator(migrations: [Self.one, Self.two, Self.three]).migrate(db)
        }
        #expect(try state() == before)
    }

    @Test func aChangedChecksumIsRefused() throws {
        try Migrator(migrations: [Self.one, Self.two]).migrate(db)
        let before = try state()
        let edited = Migration(version: 1, name: "metadata", sql: Self.one.sql + "\n-- edited after shipping\n")
        #expect(edited.checksum != Self.one.checksum)
        let error = #expect(throws: MigrationError.self) {
            try Migrator(migrations: [edited, Self.two, Self.three]).migrate(db)
        }
        guard case .checksumMismatch(let version, let name, let applied, let embedded) = error else {
            Issue.record("expected checksumMismatch, got \(String(describing: error))")
            return
        }
        #expect(version == 1)
        #expect(name == "metadata")
        #expect(applied == Self.one.checksum)
        #expect(embedded == edited.checksum)
        // Version 3 was not applied either.
        #expect(try state() == before)
        #expect(try userVersion() == 2)
    }

    @Test func aFailingMigrationLeavesTheDatabaseAtThePreviousVersion() throws {
        let broken = Migration(version: 2, name: "broken", sql: """
            CREATE TABLE two_a (x INTEGER) STRICT;
            INSERT INTO two_a (x) VALUES (1);
            CREATE TABLE two_b (x INTEGER) STRICT;
            SELEC 'this is not SQL';
            CREATE TABLE two_c (x INTEGER) STRICT;
            """)
        let migrator = try Migrator(migrations: [Self.one, broken, Self.three])
        try Migrator(migrations: [Self.one]).migrate(db)
        let atVersionOne = try state()

        let fresh = try Connection(path: directory.path("fresh.sqlite"))
        let error = #expect(throws: MigrationError.self) { try migrator.migrate(fresh) }
        guard case .failed(let version, let name, let sqliteError) = error else {
            Issue.record("expected .failed, got \(String(describing: error))")
            return
        }
        #expect(version == 2)
        #expect(name == "broken")
        #expect(sqliteError.message.contains("syntax error"))
        // Version 1 was applied and committed; nothing of version 2 or 3 remains.
        // (The two files differ only in when version 1 was applied.)
        func withoutTimes(_ lines: [String]) -> [String] { lines.filter { !$0.hasPrefix("schema_migrations:") } }
        #expect(withoutTimes(try fresh.dump()) == withoutTimes(atVersionOne))
        #expect(try userVersion(fresh) == 1)
        #expect(try Int64.fetchOne(fresh, sql: "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'two_%'") == 0)
        #expect(try Int64.fetchAll(fresh, sql: "SELECT version FROM schema_migrations") == [1])
        #expect(fresh.autocommit == 1)

        // From version 1 likewise.
        #expect(throws: MigrationError.self) { try migrator.migrate(db) }
        #expect(try state() == atVersionOne)
        #expect(db.autocommit == 1)
    }

    @Test func aMigrationThatBreaksAForeignKeyIsRolledBack() throws {
        try Migrator(migrations: [Self.one, Self.two]).migrate(db)
        try db.execute(sql: "INSERT INTO project (id, reference) VALUES (1, 'LPR-1')")
        try db.execute(sql: "INSERT INTO application (project_id) VALUES (1)")
        let before = try state()
        // Deferred foreign keys let the statements through; foreign_key_check catches them.
        let orphaning = Migration(version: 3, name: "orphaning", sql: """
            PRAGMA defer_foreign_keys = ON;
            CREATE TABLE theme (code TEXT PRIMARY KEY) STRICT;
            DELETE FROM project WHERE id = 1;
            """)
        let error = #expect(throws: MigrationError.self) {
            try Migrator(migrations: [Self.one, Self.two, orphaning]).migrate(db)
        }
        guard case .foreignKeyViolations(let version, let name, let violations) = error else {
            Issue.record("expected .foreignKeyViolations, got \(String(describing: error))")
            return
        }
        #expect(version == 3)
        #expect(name == "orphaning")
        #expect(violations.count == 1)
        #expect(violations.first?.contains("application") == true)
        #expect(try state() == before)
        #expect(try userVersion() == 2)
        #expect(db.autocommit == 1)
    }

    @Test func aMigrationFailingOnAConstraintLeavesThePreviousVersion() throws {
        try Migrator(migrations: [Self.one]).migrate(db)
        let before = try state()
        let duplicate = Migration(version: 2, name: "duplicate", sql: """
            CREATE TABLE extra (x INTEGER) STRICT;
            INSERT INTO metadata (key, value) VALUES ('note', 'again');
            """)
        let error = #expect(throws: MigrationError.self) { try Migrator(migrations: [Self.one, duplicate]).migrate(db) }
        guard case .failed(_, _, let sqliteError) = error else {
            Issue.record("expected .failed, got \(String(describing: error))")
            return
        }
        #expect(sqliteError.constraintKind == .primaryKey)
        #expect(try state() == before)
    }

    // MARK: Migration files

    @Test func fileNameParsing() throws {
        let migration = try Migration(fileName: "0002_portfolio.sql", sql: "SELECT 1;")
        #expect(migration.version == 2)
        #expect(migration.name == "portfolio")
        #expect(migration.sql == "SELECT 1;")
        let nested = try Migration(fileName: "Migrations/0013_grant_calls_2024.sql", sql: "")
        #expect(nested.version == 13)
        #expect(nested.name == "grant_calls_2024")
    }

    @Test(arguments: [
        "2_x.sql", "0002-x.sql", "0002_X.sql", "0000_x.sql", "0002_x.SQL", "0002_x.txt", "0002_x",
        "0002_.sql", "00002_x.sql", "002_x.sql", "+002_x.sql", "-002_x.sql", " 002_x.sql", "000a_x.sql",
        "0002_ķ.sql", "0002_with space.sql", "0002_x-y.sql", "٠٠٠٢_x.sql", "_0002_x.sql",
    ])
    func invalidFileNamesAreRejected(fileName: String) {
        #expect(throws: MigrationError.invalidFileName(fileName)) { _ = try Migration(fileName: fileName, sql: "") }
    }

    @Test func checksumIgnoresCRLFLineEndings() {
        let lf = Migration(version: 1, name: "x", sql: "CREATE TABLE a (x);\nCREATE TABLE b (y);\n")
        let crlf = Migration(version: 1, name: "x", sql: "CREATE TABLE a (x);\r\nCREATE TABLE b (y);\r\n")
        let changed = Migration(version: 1, name: "x", sql: "CREATE TABLE a (x);\nCREATE TABLE b (z);\n")
        #expect(lf.checksum == crlf.checksum)
        #expect(lf.checksum != changed.checksum)
        #expect(isSHA256(lf.checksum))
        #expect(lf.checksum == SHA256.hexDigest(of: Array("CREATE TABLE a (x);\nCREATE TABLE b (y);\n".utf8)))
        #expect(Migration(version: 1, name: "x", sql: "").checksum
            == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func aCRLFCheckoutOfAnAppliedMigrationIsAccepted() throws {
        try Migrator(migrations: [Self.one]).migrate(db)
        let crlf = Migration(version: 1, name: "metadata", sql: Self.one.sql.replacingOccurrences(of: "\n", with: "\r\n"))
        let report = try Migrator(migrations: [crlf, Self.two]).migrate(db)
        #expect(report.applied.map(\.version) == [2])
    }
}
