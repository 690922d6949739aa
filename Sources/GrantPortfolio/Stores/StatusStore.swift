import SQLiteCore

/// The status vocabulary and the transitions allowed between statuses. Both
/// are data: a grant office may add its own.
///
/// ```swift
/// try portfolio.statuses.add(Status(code: "shortlisted", label: "Shortlisted", phase: .pending, outcome: .none))
/// try portfolio.statuses.allowTransition(from: .underEvaluation, to: "shortlisted")
/// ```
public struct StatusStore: Sendable {
    let database: any DatabaseWriter

    /// All statuses, in their sort order.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func all() throws -> [Status] {
        try database.read { try Self.all(in: $0) }
    }

    /// The status with this code, or nil.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func fetch(_ code: StatusCode) throws -> Status? {
        try database.read { try Self.fetch(code, in: $0) }
    }

    /// The allowed transitions, as (from, to) pairs.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func transitions() throws -> [(from: StatusCode, to: StatusCode)] {
        try database.read { try Self.transitions(in: $0) }
    }

    /// Adds a status to the vocabulary.
    ///
    /// - Throws: ``PortfolioError``: `invalidValue` for an empty label or a code that is not lower-case letters,
    ///   digits and `_`, `duplicate` for a code already in the vocabulary; `SQLiteError` when SQLite fails writing
    ///   (`busy`, `readOnly`, `full`, or a constraint of the schema); `DatabaseAccessError` when called inside
    ///   another access to this portfolio's database on the same thread. Nothing is written when it throws.
    public func add(_ status: Status) throws {
        try database.write { try Self.add(status, in: $0) }
    }

    /// Allows applications to move from one status to another.
    ///
    /// - Throws: ``PortfolioError``: `unknownStatus` for either code, `invalidValue` when `from` and `to` are the
    ///   same; `SQLiteError` when SQLite fails writing (`busy`, `readOnly`, `full`, or a constraint of the schema);
    ///   `DatabaseAccessError` when called inside another access to this portfolio's database on the same thread.
    ///   Nothing is written when it throws.
    public func allowTransition(from: StatusCode, to: StatusCode, note: String? = nil) throws {
        try database.write { try Self.allowTransition(from: from, to: to, note: note, in: $0) }
    }

    // MARK: - In a transaction

    static func add(_ status: Status, in db: Connection) throws {
        let record = RecordName.status(status.code)
        let check = FieldCheck(record: record)
        try check.nonEmpty(status.label, "label")
        let code = status.code.rawValue
        let validCode = !code.isEmpty && code.utf8.count <= 50 && (97...122).contains(code.utf8.first!)
            && code.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 95 }
        if !validCode {
            throw PortfolioError.invalidValue(
                record: record, field: "code", value: code, reason: "use lower-case letters, digits and _, starting with a letter")
        }
        if try Int64.fetchOne(db, sql: "SELECT count(*) FROM status WHERE code = ?", arguments: [code]) ?? 0 > 0 {
            throw PortfolioError.duplicate(record: record, field: "code", value: code)
        }
        try db.execute(
            sql: "INSERT INTO status (code, label, phase, outcome, may_start, sort_order) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [code, status.label, status.phase.rawValue, status.outcome.rawValue, status.mayStart, status.sortOrder])
    }

    static func allowTransition(from: StatusCode, to: StatusCode, note: String?, in db: Connection) throws {
        let record = RecordName.transition(from: from, to: to)
        _ = try Lookup.status(from, in: db, for: record)
        _ = try Lookup.status(to, in: db, for: record)
        if from == to {
            throw PortfolioError.invalidValue(record: record, field: "to", value: to.rawValue, reason: "must differ from the status it leaves")
        }
        try db.execute(
            sql: "INSERT INTO status_transition (from_status, to_status, note) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            arguments: [from.rawValue, to.rawValue, note])
    }

    /// Whether an application may go from `from` (nil: its first status) to `to`.
    static func isAllowed(from: StatusCode?, to status: Status, in db: Connection) throws -> Bool {
        guard let from else { return status.mayStart }
        return try Int64.fetchOne(
            db, sql: "SELECT count(*) FROM status_transition WHERE from_status = ? AND to_status = ?",
            arguments: [from.rawValue, status.code.rawValue]) ?? 0 > 0
    }
}

extension Status: RowDecodable {
    static let columns = "code, label, phase, outcome, may_start, sort_order"

    /// Reads the value from a row of the store's SQL.
    ///
    /// - Throws: `RowDecodingError` when a column is missing, NULL where a value is required, or of another storage
    ///   class; ``PortfolioError`` when a stored value breaks a rule of its type (an invalid date).
    public init(row: Row) throws {
        let phase: String = try row[2]
        let outcome: String = try row[3]
        guard let knownPhase = Phase(rawValue: phase), let knownOutcome = Outcome(rawValue: outcome) else {
            throw PortfolioError.invalidValue(record: RecordName(kind: .status), field: "phase", value: phase, reason: "unknown phase or outcome")
        }
        self.init(
            code: StatusCode(try row[0] as String), label: try row[1], phase: knownPhase, outcome: knownOutcome,
            mayStart: try row[4], sortOrder: try row[5])
    }
}

extension StatusStore {
    /// The work of `all()`, on `db`.
    static func all(in db: Connection) throws -> [Status] {
        try Status.fetchAll(db, sql: "SELECT \(Status.columns) FROM status ORDER BY sort_order, code")
    }

    /// The work of `fetch(_:)`, on `db`.
    static func fetch(_ code: StatusCode, in db: Connection) throws -> Status? {
        try Status.fetchOne(db, sql: "SELECT \(Status.columns) FROM status WHERE code = ?", arguments: [code.rawValue])
    }

    /// The work of `transitions()`, on `db`.
    static func transitions(in db: Connection) throws -> [(from: StatusCode, to: StatusCode)] {
        try db.fetchAll(sql: "SELECT from_status, to_status FROM status_transition ORDER BY from_status, to_status") {
            (StatusCode(try $0[0] as String), StatusCode(try $0[1] as String))
        }
    }
}
