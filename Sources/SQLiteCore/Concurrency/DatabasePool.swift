import Dispatch
import Foundation

/// A database file shared by one writer connection and several reader
/// connections, in WAL mode, so that reads run beside each other and beside
/// the write in progress.
///
/// ```swift
/// let pool = try DatabasePool(path: "portfolio.sqlite")
/// try pool.write { db in
///     try db.execute(sql: "INSERT INTO theme (vocabulary, code) VALUES (?, ?)", arguments: ["lpr", "tourism"])
/// }
/// let count = try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT count(*) FROM theme") ?? 0 }
/// ```
///
/// - Writes run one at a time on the writer connection, each in an
///   immediate transaction, on the writer's serial queue.
/// - Reads run on one of ``readerCount`` reader connections, opened
///   read-only (`SQLITE_OPEN_READONLY` and `PRAGMA query_only`), each in a
///   read-only transaction pinned at its start to the latest committed
///   snapshot: a read never sees part of a transaction, and never waits for
///   the writer. A statement that would write throws
///   ``DatabaseAccessError/writeInsideRead(_:)``.
/// - When every reader is busy, further reads wait, first come first served,
///   and run as readers come free. Async reads wait without holding a thread,
///   and leave the line with `CancellationError` when their task is cancelled.
/// - Accesses are not re-entrant (see ``DatabaseReader``).
///
/// An in-memory database cannot be shared by connections: use a
/// ``DatabaseQueue`` for `:memory:`.
public final class DatabasePool: DatabaseWriter, @unchecked Sendable {
    // @unchecked Sendable: every property is immutable; `writer` and
    // `readers` are Sendable, and `accessKey` is only an identity Dispatch
    // looks up.
    private let accessKey: DispatchSpecificKey<Bool>
    private let writer: SerializedConnection
    private let readers: ConnectionPool<SerializedConnection>

    /// The path of the database file.
    public let path: String

    /// How many reader connections the pool has.
    public let readerCount: Int

    /// The reader count of a pool made without one:
    /// `max(2, ProcessInfo.processInfo.activeProcessorCount)`.
    public static var defaultReaderCount: Int { max(2, ProcessInfo.processInfo.activeProcessorCount) }

    /// Opens the database file at `path`: the writer first (which creates the
    /// file, unless `configuration` is read-only, and puts it in WAL mode),
    /// then `readerCount` readers.
    ///
    /// The readers share `configuration`, except that they are opened
    /// read-only (``Connection/AccessMode/readOnly``) with
    /// ``Connection/Configuration/isQueryOnly`` set. The writer's journal mode
    /// is always ``Connection/JournalMode/wal``.
    ///
    /// - Parameters:
    ///   - path: A file path or a `file:` URI; not `:memory:`.
    ///   - configuration: How to open and set up the connections.
    ///   - readerCount: How many reads can run at once; at least 1. Default:
    ///     ``defaultReaderCount``.
    /// - Throws: ``DatabaseAccessError/poolNeedsAFile(path:)`` for an in-memory
    ///   path; ``DatabaseAccessError/invalidReaderCount(_:)`` when
    ///   `readerCount` is below 1; ``DatabaseAccessError/walUnavailable(path:journalMode:)``
    ///   when a writable file cannot be put in WAL mode; a ``SQLiteError`` when
    ///   a connection cannot be opened.
    public init(
        path: String, configuration: Connection.Configuration = Connection.Configuration(),
        readerCount: Int = DatabasePool.defaultReaderCount
    ) throws {
        if Connection.isInMemory(path: path) {
            throw DatabaseAccessError.poolNeedsAFile(path: path)
        }
        guard readerCount >= 1 else { throw DatabaseAccessError.invalidReaderCount(readerCount) }
        self.path = path
        self.readerCount = readerCount

        var writerConfiguration = configuration
        writerConfiguration.journalMode = .wal
        let accessKey = DispatchSpecificKey<Bool>()
        let writer = try SerializedConnection(
            path: path, configuration: writerConfiguration, label: "SQLiteCore.DatabasePool.writer(\(path))",
            accessKey: accessKey)
        if configuration.mode != .readOnly {
            let journalMode = try writer.sync(.connection) { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
            guard journalMode == "wal" else {
                throw DatabaseAccessError.walUnavailable(path: path, journalMode: journalMode ?? "unknown")
            }
        }

        var readerConfiguration = configuration
        readerConfiguration.mode = .readOnly
        readerConfiguration.isQueryOnly = true
        var readers: [SerializedConnection] = []
        for index in 1...readerCount {
            readers.append(
                try SerializedConnection(
                    path: path, configuration: readerConfiguration,
                    label: "SQLiteCore.DatabasePool.reader\(index)(\(path))", accessKey: accessKey))
        }
        self.accessKey = accessKey
        self.writer = writer
        self.readers = ConnectionPool(readers)
    }

    deinit {
        // The readers close first, the writer last. The last connection to
        // close a WAL database checkpoints it and deletes the -wal file, and a
        // read-only reader cannot: closing last, it would leave the committed
        // transactions in the -wal file, and a copy of the main file alone
        // would miss them. (GRDB does the same: groue/GRDB.swift#739.)
        readers.removeAll()
    }

    /// Runs `body` on a reader, in a read-only transaction on the latest
    /// committed snapshot, and returns its result. Blocks the calling thread
    /// while every reader is busy, then while `body` runs.
    ///
    /// - Parameter body: The reads; it gets a reader connection.
    /// - Returns: What `body` returns.
    /// - Throws: ``DatabaseAccessError/writeInsideRead(_:)`` when `body` tried
    ///   to write (nothing was written);
    ///   ``DatabaseAccessError/reentrantAccess(_:path:)`` when called from
    ///   inside another access to this pool; a ``SQLiteError``; or whatever
    ///   `body` throws.
    public func read<T>(_ body: (Connection) throws -> T) throws -> T {
        try refuseReentrance(.read)
        let reader = readers.acquire()
        defer { readers.release(reader) }
        return try reader.sync(.read, body)
    }

    /// Runs `body` on a reader, in a read-only transaction on the latest
    /// committed snapshot, on the reader's own thread; the task is suspended,
    /// holding no thread, while every reader is busy and while `body` runs.
    ///
    /// - Parameter body: The reads; it gets a reader connection.
    /// - Returns: What `body` returns.
    /// - Throws: `CancellationError` when the task was cancelled, while
    ///   waiting for a reader (`body` does not run) or while `body` ran (its
    ///   statement is interrupted); ``DatabaseAccessError/writeInsideRead(_:)``
    ///   when `body` tried to write; a ``SQLiteError``; or whatever `body` throws.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        let job = Interrupter.Job()
        let id = readers.makeWaiterID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                readers.lend(
                    id: id, isCancelled: { Task.isCancelled },
                    use: { [readers] reader in
                        // On this task, or on the thread that released the
                        // reader: the read starts without waiting for the
                        // task to get a thread, and gives the reader back
                        // from the reader's own queue.
                        reader.start(.read, job: job, body) { result in
                            readers.release(reader)
                            continuation.resume(with: result)
                        }
                    },
                    cancelled: { continuation.resume(throwing: CancellationError()) })
            }
        } onCancel: { [readers] in
            job.cancel()  // first: a read handed its reader meanwhile sees it
            readers.cancelWaiting(id: id)
        }
    }

    /// Runs `body` on the writer, in an immediate transaction, and returns its
    /// result. Reads go on meanwhile, on the snapshot before the commit.
    ///
    /// - Parameter body: The work; it gets the writer connection in its transaction.
    /// - Returns: What `body` returns, once committed.
    /// - Throws: ``DatabaseAccessError/reentrantAccess(_:path:)`` when called
    ///   from inside another access to this pool; a ``SQLiteError``; or
    ///   whatever `body` throws. The transaction is rolled back.
    public func write<T>(_ body: (Connection) throws -> T) throws -> T {
        try refuseReentrance(.write)
        return try writer.sync(.write, body)
    }

    /// Runs `body` on the writer, in an immediate transaction, on the writer's
    /// own thread, without blocking a thread of the caller's executor.
    ///
    /// - Parameter body: The work; it gets the writer connection in its transaction.
    /// - Returns: What `body` returns, once committed.
    /// - Throws: `CancellationError` when the task was cancelled (the running
    ///   statement is interrupted and the transaction rolled back); a
    ///   ``SQLiteError``; or whatever `body` throws.
    public func write<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await writer.async(.write, body)
    }

    /// Runs `body` with the writer connection and no transaction around it,
    /// for statements that cannot run in one (such as `VACUUM`), that manage
    /// their own (such as a ``Migrator``), or that set the writer up (such as
    /// ``Connection/willCommit``).
    ///
    /// - Parameter body: The work; it gets the writer connection.
    /// - Returns: What `body` returns.
    /// - Throws: ``DatabaseAccessError/reentrantAccess(_:path:)`` when called
    ///   from inside another access to this pool, or whatever `body` throws.
    public func withConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        try refuseReentrance(.connection)
        return try writer.sync(.connection, body)
    }

    private func refuseReentrance(_ access: DatabaseAccessError.Access) throws {
        if DispatchQueue.getSpecific(key: accessKey) != nil {
            throw DatabaseAccessError.reentrantAccess(access, path: path)
        }
    }
}
