import CSQLite
import Foundation
import Testing

@testable import SQLiteCore

/// `sqlite3_hard_heap_limit64` is process-wide, so this suite runs its test
/// alone and restores the limits in a `defer`.
///
/// Other suites may run at the same time, and the memory SQLite already uses
/// for their connections can exceed 1 MB; a fixed 1 MB limit would make their
/// allocations fail too. The limit is therefore set only a few megabytes above
/// what SQLite uses at that moment, and the failing operation asks for far more
/// (128 MB) in one allocation.
@Suite("Out of memory is an error, not a crash", .serialized)
struct HeapLimitTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    @Test func aHardHeapLimitMakesABigOperationFailWithNoMemory() throws {
        let db = try Connection(path: directory.path("heap.sqlite"))
        try db.execute(sql: "CREATE TABLE item (payload BLOB) STRICT")
        let oldHard = sqlite3_hard_heap_limit64(-1)
        let oldSoft = sqlite3_soft_heap_limit64(-1)
        let limit = max(1 << 20, sqlite3_memory_used() + 16 << 20)
        let error: SQLiteError?
        do {
            sqlite3_hard_heap_limit64(limit)
            // Setting a hard limit lowers the soft limit too: restore both, hard first.
            defer {
                sqlite3_hard_heap_limit64(oldHard)
                sqlite3_soft_heap_limit64(oldSoft)
            }
            #expect(sqlite3_hard_heap_limit64(-1) == limit)
            error = #expect(throws: SQLiteError.self) {
                try db.transaction { db in
                    try db.execute(sql: "INSERT INTO item (payload) VALUES (randomblob(128 * 1024 * 1024))")
                }
            }
        }
        #expect(sqlite3_hard_heap_limit64(-1) == oldHard)
        #expect(sqlite3_soft_heap_limit64(-1) == oldSoft)
        #expect(error?.code == .noMemory)
        #expect(error.map { ResultCode.noMemory ~= $0.code } == true)
        // The connection recovers once the limit is gone.
        #expect(db.autocommit == 1)
        #expect(try db.count("item") == 0)
        try db.execute(sql: "INSERT INTO item (payload) VALUES (randomblob(1024))")
        #expect(try db.count("item") == 1)
    }
}
