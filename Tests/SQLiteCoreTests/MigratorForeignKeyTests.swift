import Foundation
import Testing

@testable import SQLiteCore

@Suite("The migrator runs each migration with foreign keys off, and checks them before commit")
struct MigratorForeignKeyTests {
    let directory: TemporaryDirectory
    let queue: DatabaseQueue

    init() throws {
        directory = try TemporaryDirectory()
        queue = try DatabaseQueue(path: directory.path("rebuild.sqlite"))
        try queue.withConnection { db in
            try Migrator(migrations: [Self.schema]).migrate(db)
            try db.executeScript("""
                INSERT INTO parent (id, name) VALUES (1, 'one'), (2, 'two'), (3, 'three');
                INSERT INTO child (parent_id, note) VALUES (1, 'a'), (1, 'b'), (2, 'c'), (3, 'd'), (3, 'e');
                INSERT INTO grandchild (child_id) VALUES (1), (3), (5);
                """)
        }
    }

    /// A parent, children that cascade from it, and grandchildren that cascade from them.
    static let schema = Migration(version: 1, name: "schema", sql: """
        CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT;
        CREATE TABLE child (
            id INTEGER PRIMARY KEY,
            parent_id INTEGER NOT NULL REFERENCES parent (id) ON DELETE CASCADE,
            note TEXT NOT NULL
        ) STRICT;
        CREATE TABLE grandchild (
            id INTEGER PRIMARY KEY,
            child_id INTEGER NOT NULL REFERENCES child (id) ON DELETE CASCADE
        ) STRICT;
        """)

    /// Rebuilds `parent` with a new column the standard way
    /// (<https://www.sqlite.org/lang_altertable.html#otheralter>), copying the
    /// rows `copied` selects.
    static func rebuild(copying copied: String = "TRUE") -> Migration {
        Migration(version: 2, name: "rebuild_parent", sql: """
            CREATE TABLE new_parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL, rank INTEGER NOT NULL DEFAULT 0) STRICT;
            INSERT INTO new_parent (id, name) SELECT id, name FROM parent WHERE \(copied);
            DROP TABLE parent;
            ALTER TABLE new_parent RENAME TO parent;
            """)
    }

    func counts() throws -> [Int64] {
        try queue.read { db in [try db.count("parent"), try db.count("child"), try db.count("grandchild")] }
    }

    func foreignKeysAreOn() throws -> Bool {
        try queue.withConnection { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") == 1 }
    }

    @Test("rebuilding a parent table keeps every child row; foreign keys are back on and still cascade")
    func rebuildingAParentKeepsItsChildren() throws {
        let report = try queue.withConnection { db in try Migrator(migrations: [Self.schema, Self.rebuild()]).migrate(db) }
        #expect(report.applied.map(\.version) == [2])
        #expect(try counts() == [3, 5, 3], "a child row was lost in the rebuild")
        #expect(try foreignKeysAreOn())
        #expect(try queue.read { db in try db.fetchAll(sql: "PRAGMA foreign_key_check") { _ in () }.count } == 0)
        // The children now reference the rebuilt table, and cascade from it.
        try queue.write { db in try db.execute(sql: "DELETE FROM parent WHERE id = 1") }
        #expect(try counts() == [2, 3, 2])
    }

    @Test("a rebuild that leaves children without a parent is rolled back with foreignKeyViolations naming them")
    func aRebuildLosingParentsIsRefused() throws {
        let before = try queue.read { db in try db.dump() }
        let error = #expect(throws: MigrationError.self) {
            try queue.withConnection { db in try Migrator(migrations: [Self.schema, Self.rebuild(copying: "id <> 3")]).migrate(db) }
        }
        guard case .foreignKeyViolations(let version, let name, let violations) = error else {
            Issue.record("expected foreignKeyViolations, got \(String(describing: error))")
            return
        }
        #expect(version == 2 && name == "rebuild_parent")
        #expect(violations.sorted() == ["child row 4 references a missing parent row", "child row 5 references a missing parent row"])
        #expect(error?.description.contains("breaks foreign keys: child row 4 references a missing parent row") == true)
        #expect(try queue.read { db in try db.dump() } == before)
        #expect(try foreignKeysAreOn())
    }

    @Test("foreign keys come back on after a migration that fails, and stay off when they were off")
    func theForeignKeySettingIsRestored() throws {
        let failing = Migration(version: 2, name: "failing", sql: "CREATE TABLE x (y); SELECT no_such_function();")
        #expect(throws: MigrationError.self) {
            try queue.withConnection { db in try Migrator(migrations: [Self.schema, failing]).migrate(db) }
        }
        #expect(try foreignKeysAreOn())

        var configuration = Connection.Configuration()
        configuration.foreignKeys = false
        let off = try DatabaseQueue(path: directory.path("off.sqlite"), configuration: configuration)
        _ = try off.withConnection { db in try Migrator(migrations: [Self.schema, Self.rebuild()]).migrate(db) }
        #expect(try off.withConnection { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") } == 0)
    }
}
