/// How a ``Connection`` opens and sets up its database.
///
/// The defaults are the safe ones; each is documented with the SQLite page it
/// follows.
///
/// ```swift
/// var configuration = Connection.Configuration()
/// configuration.busyTimeout = .seconds(30)
/// let db = try Connection(path: "portfolio.sqlite", configuration: configuration)
/// ```
extension Connection {
    public struct Configuration: Sendable {
        /// Whether the connection may write, and whether it creates a missing file.
        public var mode: AccessMode = .readWriteCreate

        /// How long a statement waits for another connection's lock before it
        /// fails with ``ResultCode/busy``. Default: 5 seconds.
        ///
        /// See <https://www.sqlite.org/c3ref/busy_timeout.html>.
        public var busyTimeout: Duration = .seconds(5)

        /// Whether `REFERENCES` clauses are enforced. Default: on. SQLite leaves
        /// them off unless asked, per connection; the schema depends on them.
        ///
        /// See <https://www.sqlite.org/foreignkeys.html#fk_enable>.
        public var foreignKeys = true

        /// The journal mode of a file database. Default: ``JournalMode/wal``,
        /// which lets readers go on while one writer commits, and commits
        /// without rewriting pages twice. Ignored for in-memory and read-only
        /// connections.
        ///
        /// See <https://www.sqlite.org/wal.html>.
        public var journalMode: JournalMode = .wal

        /// How often SQLite waits for the disk. Default: ``Synchronous/normal``:
        /// in WAL mode a commit is atomic and consistent after a crash; after a
        /// power loss the last transactions may roll back, but the file is never
        /// corrupted.
        ///
        /// See <https://www.sqlite.org/pragma.html#pragma_synchronous>.
        public var synchronous: Synchronous = .normal

        /// Whether SQL may use `"double quotes"` for string literals. Default:
        /// off, so a misspelt column name is an error instead of a string.
        ///
        /// See <https://www.sqlite.org/quirks.html#dblquote>.
        public var allowsDoubleQuotedStringLiterals = false

        /// Whether SQL that can corrupt the file (such as
        /// `PRAGMA writable_schema`) is refused. Default: on.
        ///
        /// See <https://www.sqlite.org/c3ref/c_dbconfig_defensive.html>.
        public var isDefensive = true

        /// Whether the connection refuses every change to the database, even
        /// on a file it could write (`PRAGMA query_only`). Default: off.
        ///
        /// See <https://www.sqlite.org/pragma.html#pragma_query_only>.
        public var isQueryOnly = false

        /// Called with the SQL of each statement as it runs, for debugging.
        /// Bound values are not included.
        ///
        /// See <https://www.sqlite.org/c3ref/trace_v2.html>.
        public var trace: (@Sendable (String) -> Void)?

        /// Creates the default configuration.
        public init() {}
    }

    /// Whether a connection may write, and whether it creates a missing file.
    ///
    /// See <https://www.sqlite.org/c3ref/open.html>.
    public enum AccessMode: Sendable {
        /// Read and write; create the file if it does not exist.
        case readWriteCreate
        /// Read and write an existing file.
        case readWrite
        /// Read only (`SQLITE_OPEN_READONLY`): every write fails.
        case readOnly
    }

    /// SQLite journal modes. See <https://www.sqlite.org/pragma.html#pragma_journal_mode>.
    public enum JournalMode: String, Sendable {
        case delete, truncate, persist, memory, wal
    }

    /// SQLite synchronous levels. See <https://www.sqlite.org/pragma.html#pragma_synchronous>.
    public enum Synchronous: String, Sendable {
        case off, normal, full, extra
    }
}
