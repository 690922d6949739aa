import CSQLite
import Foundation

/// A connection to a SQLite database: a file, or memory.
///
/// ```swift
/// let db = try Connection(path: "portfolio.sqlite")
/// try db.execute(sql: "INSERT INTO theme (vocabulary, code) VALUES (?, ?)", arguments: ["lpr", "tourism"])
/// let count = try db.fetchOne(sql: "SELECT count(*) FROM theme") { row in try row[0] as Int64 }
/// ```
///
/// Opening applies the safe defaults of ``Configuration``: foreign keys on, a
/// busy timeout, WAL with `synchronous=NORMAL` for files, double-quoted string
/// literals off, defensive mode on, extension loading off, the two-argument
/// `fts3_tokenizer()` (which sets a native pointer from SQL) off.
///
/// A connection is not `Sendable`: use it from one thread at a time, or share
/// a ``DatabaseQueue``, which serialises access to its connection.
public final class Connection {
    @usableFromInline let handle: OpaquePointer
    /// The path the connection was opened with (`:memory:` for memory).
    public let path: String
    /// The configuration the connection was opened with.
    public let configuration: Configuration

    private var statementCache: [String: Statement] = [:]
    private let traceBox: TraceBox?
    /// How many savepoints are open inside the current transaction.
    var savepointDepth = 0
    /// True inside ``readOnlyTransaction(_:)``, while `query_only` is on.
    var isInReadOnlyTransaction = false

    /// Work to do at the end of every transaction that changed the database,
    /// inside it, just before `COMMIT`: keeping derived tables up to date, for
    /// instance. An error it throws rolls the whole transaction back and is
    /// rethrown, so nothing is committed half done.
    ///
    /// ```swift
    /// db.willCommit = { db in
    ///     try db.execute(sql: "UPDATE summary SET total = (SELECT sum(amount) FROM entry)")
    /// }
    /// ```
    ///
    /// It runs once per outermost ``transaction(_:_:)`` (not per savepoint),
    /// only when the transaction inserted, updated or deleted a row
    /// (`sqlite3_total_changes64`), and never for statements run outside one.
    public var willCommit: ((Connection) throws -> Void)?

    /// Rows changed by this connection since it opened, triggers included.
    public var totalChanges: Int64 { sqlite3_total_changes64(handle) }

    /// Opens the database at `path` (a file path, or a `file:` URI).
    ///
    /// Opening a file that is not a database throws ``ResultCode/notADatabase``
    /// and leaves the file untouched.
    ///
    /// Read-only media: SQLite reads a WAL-mode file only when it can create
    /// the `-wal` and `-shm` files beside it. When a ``AccessMode/readOnly``
    /// connection cannot (the folder is read-only, `SQLITE_READONLY_DIRECTORY`)
    /// and no `-wal` file exists, so that the file alone holds every committed
    /// transaction, the file is opened again as immutable (`immutable=1`): read
    /// without locks, as a file nothing changes while it is open.
    ///
    /// - Throws: ``SQLiteError`` when SQLite cannot open the file (`cantOpen`: it does not exist in
    ///   ``AccessMode/readOnly`` mode, or the folder is not writable; `notADatabase`), or cannot apply the
    ///   configuration's pragmas (`busy`, `readOnly`).
    public init(path: String, configuration: Configuration = Configuration()) throws {
        let isMemory = Connection.isInMemory(path: path)
        let traceBox = configuration.trace.map(TraceBox.init)
        let handle: OpaquePointer
        do {
            handle = try Connection.openAndConfigure(path, configuration, isMemory: isMemory, traceBox: traceBox)
        } catch let error as SQLiteError
            where configuration.mode == .readOnly && !isMemory && !path.hasPrefix("file:")
            && (error.code == Connection.readOnlyDirectory || error.code == Connection.readOnlyCantInit)
            && !FileManager.default.fileExists(atPath: path + "-wal")
        {
            handle = try Connection.openAndConfigure(
                Connection.immutableURI(path), configuration, isMemory: false, traceBox: traceBox)
        }
        self.handle = handle
        self.path = path
        self.configuration = configuration
        self.traceBox = traceBox
    }

    /// True when `path` names an in-memory database (`:memory:`, an empty
    /// path, or a URI with `mode=memory`) rather than a file.
    ///
    /// - Parameter path: A path as given to ``init(path:configuration:)``.
    /// - Returns: Whether a connection opened with `path` holds its database in memory.
    public static func isInMemory(path: String) -> Bool {
        path == ":memory:" || path.isEmpty || path.contains("mode=memory")
    }

    /// Opens a private, empty in-memory database.
    ///
    /// - Throws: ``SQLiteError`` when SQLite cannot open the database or apply the configuration (out of memory,
    ///   for one).
    public static func inMemory(configuration: Configuration = Configuration()) throws -> Connection {
        try Connection(path: ":memory:", configuration: configuration)
    }

    deinit {
        statementCache.removeAll()
        // close_v2 defers the close until statements still held elsewhere are finalized.
        sqlite3_close_v2(handle)
    }

    /// SQLITE_READONLY_DIRECTORY and SQLITE_READONLY_CANTINIT.
    private static let readOnlyDirectory = ResultCode(rawValue: 8 | (6 << 8))
    private static let readOnlyCantInit = ResultCode(rawValue: 8 | (5 << 8))

    private static func openAndConfigure(
        _ path: String, _ configuration: Configuration, isMemory: Bool, traceBox: TraceBox?
    ) throws -> OpaquePointer {
        let handle = try Connection.open(path: path, mode: configuration.mode)
        do {
            try Connection.configure(handle, configuration, isMemory: isMemory, traceBox: traceBox)
        } catch {
            sqlite3_close_v2(handle)
            throw error
        }
        return handle
    }

    /// `file:PATH?mode=ro&immutable=1`, with the characters a URI path cannot hold escaped.
    private static func immutableURI(_ path: String) -> String {
        var escaped = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "%"), UInt8(ascii: "?"), UInt8(ascii: "#"), 0..<0x20, 0x80...:
                escaped += String(format: "%%%02X", byte)  // SQLite decodes %XX to the byte
            default:
                escaped.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return "file:" + escaped + "?mode=ro&immutable=1"
    }

    private static func open(path: String, mode: AccessMode) throws -> OpaquePointer {
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_URI
        switch mode {
        case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        }
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let error = SQLiteError.last(on: handle, code: code, sql: nil)
            sqlite3_close_v2(handle)
            throw SQLiteError(code: error.code, message: "cannot open \(path): \(error.message)")
        }
        return handle
    }

    private static func configure(
        _ handle: OpaquePointer, _ configuration: Configuration, isMemory: Bool, traceBox: TraceBox?
    ) throws {
        func check(_ code: Int32, _ what: String) throws {
            guard code == SQLITE_OK else { throw SQLiteError.last(on: handle, code: code, sql: what) }
        }
        func run(_ sql: String) throws {
            try check(sqlite3_exec(handle, sql, nil, nil, nil), sql)
        }
        let timeout = configuration.busyTimeout.components
        let milliseconds = timeout.seconds * 1000 + timeout.attoseconds / 1_000_000_000_000_000
        try check(sqlite3_busy_timeout(handle, Int32(clamping: milliseconds)), "busy_timeout")
        try check(csqlite_db_config_dqs(handle, configuration.allowsDoubleQuotedStringLiterals ? 1 : 0), "DQS")
        try check(csqlite_db_config_defensive(handle, configuration.isDefensive ? 1 : 0), "DEFENSIVE")
        try check(csqlite_db_config_load_extension(handle, 0), "ENABLE_LOAD_EXTENSION")
        try check(csqlite_db_config_fts3_tokenizer(handle, 0), "ENABLE_FTS3_TOKENIZER")
        if let traceBox {
            sqlite3_trace_v2(
                handle, UInt32(SQLITE_TRACE_STMT),
                { _, context, statement, _ in
                    guard let context, let statement else { return 0 }
                    let box = Unmanaged<TraceBox>.fromOpaque(context).takeUnretainedValue()
                    if let sql = sqlite3_sql(OpaquePointer(statement)) { box.trace(String(cString: sql)) }
                    return 0
                },
                Unmanaged.passUnretained(traceBox).toOpaque())
        }
        // Reading the schema fails here, before anything is written, when the
        // file is not a database (SQLITE_NOTADB) or is encrypted.
        try run("SELECT count(*) FROM sqlite_schema")
        try run("PRAGMA foreign_keys = \(configuration.foreignKeys ? "ON" : "OFF")")
        if !isMemory && configuration.mode != .readOnly {
            try run("PRAGMA journal_mode = \(configuration.journalMode.rawValue)")
        }
        try run("PRAGMA synchronous = \(configuration.synchronous.rawValue)")
        if configuration.isQueryOnly { try run("PRAGMA query_only = ON") }
    }

    // MARK: Statements

    /// Prepares a new statement for exactly one SQL statement.
    ///
    /// Throws when `sql` holds no statement or more than one: run scripts with
    /// ``executeScript(_:)``.
    ///
    /// - Throws: ``SQLiteError`` when SQLite cannot prepare `sql` (a syntax error, an unknown table or column: the
    ///   code SQLite reports), or with code `misuse` when `sql` holds no statement or more than one.
    public func makeStatement(sql: String) throws -> Statement {
        try prepare(sql, persistent: false)
    }

    /// Returns a statement for `sql` from the connection's cache, preparing it
    /// the first time (with `SQLITE_PREPARE_PERSISTENT`).
    ///
    /// If the cached statement is being iterated by a ``RowCursor``, a fresh
    /// statement is returned instead, so nested use cannot disturb it.
    ///
    /// - Throws: ``SQLiteError``, as ``makeStatement(sql:)``.
    public func cachedStatement(sql: String) throws -> Statement {
        if let statement = statementCache[sql] {
            if !statement.isInUse { return statement }
            return try prepare(sql, persistent: false)
        }
        let statement = try prepare(sql, persistent: true)
        statementCache[sql] = statement
        return statement
    }

    /// Finalizes all cached statements.
    public func clearStatementCache() {
        statementCache.removeAll()
    }

    private func prepare(_ sql: String, persistent: Bool) throws -> Statement {
        var statementHandle: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let flags = UInt32(persistent ? SQLITE_PREPARE_PERSISTENT : 0)
        let code = sql.withCString { sqlite3_prepare_v3(handle, $0, -1, flags, &statementHandle, &tail) }
        guard code == SQLITE_OK else { throw SQLiteError.last(on: handle, code: code, sql: sql) }
        guard let statementHandle else {
            throw SQLiteError(code: .misuse, message: "no SQL statement to run", sql: sql)
        }
        let statement = Statement(handle: statementHandle, sql: sql)
        if let tail, try containsStatement(tail) {
            throw SQLiteError(code: .misuse, message: "more than one SQL statement; use executeScript", sql: sql)
        }
        return statement
    }

    /// True when `sql` holds a statement, not only white space and comments.
    private func containsStatement(_ sql: UnsafePointer<CChar>) throws -> Bool {
        var statementHandle: OpaquePointer?
        let code = sqlite3_prepare_v2(handle, sql, -1, &statementHandle, nil)
        sqlite3_finalize(statementHandle)
        // A tail that fails to prepare is still a second statement.
        return code != SQLITE_OK || statementHandle != nil
    }

    // MARK: Executing

    /// Runs exactly one SQL statement with `arguments` bound to its parameters.
    ///
    /// ```swift
    /// try db.execute(sql: "UPDATE project SET title = :title WHERE id = :id",
    ///                arguments: ["title": "New title", "id": 7])
    /// ```
    ///
    /// - Throws: ``SQLiteError`` when the statement cannot be prepared, its arguments do not match its parameters
    ///   (code `range`), or SQLite fails running it (a constraint, `busy`, `readOnly`, `full`).
    public func execute(sql: String, arguments: StatementArguments = []) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }

    /// Runs every statement in `sql`, in order, such as a migration file.
    ///
    /// The script is walked with `sqlite3_prepare_v2` and its tail pointer,
    /// never split on `;`, so triggers and strings that contain `;` are safe.
    ///
    /// - Throws: ``SQLiteError`` for the first statement that fails to prepare or run; the statements before it
    ///   have run (wrap the call in ``transaction(_:_:)`` for all or nothing).
    public func executeScript(_ sql: String) throws {
        try sql.withCString { start in
            var next: UnsafePointer<CChar>? = start
            while let current = next, current.pointee != 0 {
                var statementHandle: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let code = sqlite3_prepare_v2(handle, current, -1, &statementHandle, &tail)
                guard code == SQLITE_OK else {
                    throw SQLiteError.last(on: handle, code: code, sql: String(cString: current))
                }
                next = tail
                guard let statementHandle else { continue }  // white space or a comment
                let statement = Statement(handle: statementHandle, sql: String(cString: sqlite3_sql(statementHandle)))
                while try statement.step() {}
            }
        }
    }

    // MARK: Fetching

    /// A lazy cursor over the rows of `sql`, each decoded by `decode`.
    ///
    /// - Throws: ``SQLiteError`` when the statement cannot be prepared or its arguments do not match; while
    ///   iterating, the cursor throws what stepping and `decode` throw.
    public func cursor<Element>(
        sql: String, arguments: StatementArguments = [], decode: @escaping (Row) throws -> Element
    ) throws -> RowCursor<Element> {
        try RowCursor(statement: cachedStatement(sql: sql), arguments: arguments, decode: decode)
    }

    /// All rows of `sql`, each decoded by `decode`.
    ///
    /// - Throws: ``SQLiteError`` when the statement cannot be prepared or run, or its arguments do not match; what
    ///   `decode` throws, usually a ``RowDecodingError``.
    public func fetchAll<Element>(
        sql: String, arguments: StatementArguments = [], decode: (Row) throws -> Element
    ) throws -> [Element] {
        let statement = try cachedStatement(sql: sql)
        try statement.bind(arguments: arguments)
        // Marked in use while `decode` runs, so a nested fetch of the same SQL
        // gets its own statement instead of resetting this one.
        statement.isInUse = true
        defer {
            statement.isInUse = false
            statement.reset()
        }
        var elements: [Element] = []
        while try statement.step() { elements.append(try decode(statement.row)) }
        return elements
    }

    /// The first row of `sql` decoded by `decode`, or nil when there is none.
    ///
    /// - Throws: ``SQLiteError`` when the statement cannot be prepared or run, or its arguments do not match; what
    ///   `decode` throws, usually a ``RowDecodingError``.
    public func fetchOne<Element>(
        sql: String, arguments: StatementArguments = [], decode: (Row) throws -> Element
    ) throws -> Element? {
        let statement = try cachedStatement(sql: sql)
        try statement.bind(arguments: arguments)
        statement.isInUse = true
        defer {
            statement.isInUse = false
            statement.reset()
        }
        return try statement.step() ? decode(statement.row) : nil
    }

    // MARK: State

    /// The rowid of the last row inserted on this connection.
    public var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// How many rows the last `INSERT`, `UPDATE` or `DELETE` changed.
    public var changesCount: Int { Int(sqlite3_changes64(handle)) }

    /// True while a transaction is open (`sqlite3_get_autocommit` is 0).
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// True when the connection cannot write (opened read-only, or `query_only`,
    /// or inside a read of a ``DatabaseQueue`` or ``DatabasePool``).
    public var isReadOnly: Bool {
        sqlite3_db_readonly(handle, "main") == 1 || configuration.isQueryOnly || isInReadOnlyTransaction
    }

    /// Makes a statement running on another thread stop with ``ResultCode/interrupt``.
    public func interrupt() { sqlite3_interrupt(handle) }
}

extension Connection: CustomStringConvertible {
    public var description: String { "Connection(\(path))" }
}

/// Keeps the trace closure alive for SQLite's C callback.
private final class TraceBox {
    let trace: @Sendable (String) -> Void
    init(_ trace: @escaping @Sendable (String) -> Void) { self.trace = trace }
}

// A connection belongs to one thread of use at a time; share a DatabaseQueue
// instead. Marking the conformance unavailable turns a mistake into a compile error.
@available(*, unavailable, message: "Connection is not Sendable: share a DatabaseQueue")
extension Connection: Sendable {}
