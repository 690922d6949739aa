import Dispatch
import Foundation
import Synchronization
import Testing

@testable import SQLiteCore

/// Another connection, on its own thread, that holds the write lock of a file
/// (`BEGIN IMMEDIATE` plus an insert) until it is released, then commits.
///
/// The connection is created, used and closed on the background thread, so no
/// non-`Sendable` connection crosses threads.
private final class LockHolder: Sendable {
    private let locked = DispatchSemaphore(value: 0)
    private let release = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let failure = Mutex<String?>(nil)

    /// Starts holding the lock; returns once it is held.
    init(path: String) throws {
        DispatchQueue.global().async { [self] in
            defer { finished.signal() }
            do {
                let db = try Connection(path: path)
                try db.execute(sql: "BEGIN IMMEDIATE")
                try db.execute(sql: "INSERT INTO item (name) VALUES ('holder')")
                locked.signal()
                release.wait()
                try db.execute(sql: "COMMIT")
            } catch {
                failure.withLock { $0 = "\(error)" }
                locked.signal()
            }
        }
        locked.wait()
        if let failure = failure.withLock({ $0 }) { throw LockHolderError(description: failure) }
    }

    /// Lets the holder commit after `delay`, without waiting for it.
    func release(after delay: DispatchTimeInterval) {
        DispatchQueue.global().asyncAfter(deadline: .now() + delay) { [self] in release.signal() }
    }

    /// Lets the holder commit now and waits until it has.
    func releaseAndWait() throws {
        release.signal()
        finished.wait()
        if let failure = failure.withLock({ $0 }) { throw LockHolderError(description: failure) }
    }

    /// Waits until the holder has committed.
    func waitUntilFinished() throws {
        finished.wait()
        if let failure = failure.withLock({ $0 }) { throw LockHolderError(description: failure) }
    }
}

private struct LockHolderError: Error, CustomStringConvertible {
    var description: String
}

@Suite("Two connections on one file: locks, the busy timeout, WAL snapshots")
struct BusyTimeoutTests {
    let directory: TemporaryDirectory
    let path: String

    init() throws {
        directory = try TemporaryDirectory()
        path = directory.path("busy.sqlite")
        let db = try Connection(path: path)
        try db.execute(sql: "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT")
    }

    @Test func aWriteWaitsForTheLockAndSucceedsWhenItIsReleased() throws {
        let db = try Connection(path: path)  // default 5 s busy timeout
        let holder = try LockHolder(path: path)
        let start = ContinuousClock.now
        holder.release(after: .milliseconds(200))
        try db.write { db in
            try db.execute(sql: "INSERT INTO item (name) VALUES ('waiter')")
        }
        let waited = seconds(since: start)
        try holder.waitUntilFinished()
        #expect(waited >= 0.19, "the write should have waited for the lock, waited \(waited) s")
        #expect(waited < 4, "the write should have gone through once the lock was released")
        // The holder committed first, then the waiter.
        #expect(try String.fetchAll(db, sql: "SELECT name FROM item ORDER BY id") == ["holder", "waiter"])
    }

    @Test func aPlainStatementAlsoWaits() throws {
        let db = try Connection(path: path)
        let holder = try LockHolder(path: path)
        holder.release(after: .milliseconds(200))
        try db.execute(sql: "INSERT INTO item (name) VALUES ('autocommit')")
        try holder.waitUntilFinished()
        #expect(try db.count("item") == 2)
    }

    @Test func aShortTimeoutGivesAClearBusyErrorNotAHang() throws {
        var configuration = Connection.Configuration()
        configuration.busyTimeout = .milliseconds(100)
        let db = try Connection(path: path, configuration: configuration)
        #expect(try Int64.fetchOne(db, sql: "PRAGMA busy_timeout") == 100)
        let holder = try LockHolder(path: path)
        let start = ContinuousClock.now
        let error = #expect(throws: SQLiteError.self) {
            try db.write { db in try db.execute(sql: "INSERT INTO item (name) VALUES ('impatient')") }
        }
        let waited = seconds(since: start)
        try holder.releaseAndWait()
        #expect(error.map { ResultCode.busy ~= $0.code } == true)
        #expect(error?.primaryCode == .busy)
        #expect(error?.message.contains("locked") == true)
        #expect(waited >= 0.08, "it should have waited about the busy timeout, waited \(waited) s")
        #expect(waited < 2, "it should have given up after about 100 ms, waited \(waited) s")
        #expect(db.autocommit == 1)
        // Once the lock is free the same connection writes.
        try db.write { db in try db.execute(sql: "INSERT INTO item (name) VALUES ('later')") }
        #expect(try String.fetchAll(db, sql: "SELECT name FROM item ORDER BY id") == ["holder", "later"])
    }

    @Test func aWALReaderKeepsItsSnapshotWhileAWriterCommits() throws {
        let reader = try Connection(path: path)
        let writer = try Connection(path: path)
        try writer.execute(sql: "INSERT INTO item (name) VALUES ('first')")
        try reader.read { reader in
            #expect(try reader.count("item") == 1)
            try writer.write { writer in
                try writer.execute(sql: "INSERT INTO item (name) VALUES ('second')")
                try writer.execute(sql: "UPDATE item SET name = 'FIRST' WHERE name = 'first'")
            }
            #expect(try writer.count("item") == 2)
            // Still the snapshot taken at the first read.
            #expect(try reader.count("item") == 1)
            #expect(try String.fetchAll(reader, sql: "SELECT name FROM item") == ["first"])
        }
        #expect(try reader.count("item") == 2)
        #expect(try String.fetchAll(reader, sql: "SELECT name FROM item ORDER BY id") == ["FIRST", "second"])
    }

    @Test func readersAreNotBlockedByAWriter() throws {
        var configuration = Connection.Configuration()
        configuration.busyTimeout = .zero
        let reader = try Connection(path: path, configuration: configuration)
        let holder = try LockHolder(path: path)
        // The holder's uncommitted insert is invisible, and reading does not wait.
        let start = ContinuousClock.now
        #expect(try reader.count("item") == 0)
        #expect(seconds(since: start) < 1)
        try holder.releaseAndWait()
        #expect(try reader.count("item") == 1)
    }
}
