import SQLiteCore

/// The funder hierarchy: donor → mechanism → programme → scheme → call.
///
/// ```swift
/// try portfolio.fundingSources.create(FundingSource(handle: "norway", kind: .donor, title: "Norway"))
/// try portfolio.fundingSources.create(FundingSource(handle: "norway-grants", kind: .mechanism,
///                                                   title: "Norway Grants", parent: "norway"))
/// let everything = try portfolio.fundingSources.subtree(of: "norway")   // both, root first
/// ```
public struct FundingSourceStore: Sendable {
    let database: any DatabaseWriter

    /// Stores a new node and returns its id. Its parent must exist.
    ///
    /// - Throws: ``PortfolioError``: `invalidValue` for an invalid field or an unknown parent or operator,
    ///   `duplicate` for a handle or code already used; `SQLiteError` when SQLite fails writing (`busy`,
    ///   `readOnly`, `full`, or a constraint of the schema); `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread. Nothing is written when it throws.
    @discardableResult
    public func create(_ source: FundingSource) throws -> FundingSource.ID {
        try database.write { try Self.create(source, in: $0) }
    }

    /// Saves changes to a node, found by id (or else by handle). Moving it
    /// below one of its own descendants is refused as a cycle.
    ///
    /// - Throws: ``PortfolioError``: `notFound` (kind ``RecordKind/fundingSource``) when no source has the id or
    ///   handle, `fundingSourceCycle` when the new parent is the source or below it, and the errors of
    ///   `create(_:)`; `SQLiteError` when SQLite fails writing (`busy`, `readOnly`, `full`, or a constraint of
    ///   the schema); `DatabaseAccessError` when called inside another access to this portfolio's database on the
    ///   same thread. Nothing is written when it throws.
    public func update(_ source: FundingSource) throws {
        try database.write { try Self.update(source, in: $0) }
    }

    /// Deletes a node with no children and no applications.
    ///
    /// - Throws: ``PortfolioError``: `notFound` (kind ``RecordKind/fundingSource``) for an unknown handle,
    ///   `stillReferenced` while child sources or applications refer to it; `SQLiteError` when SQLite fails writing
    ///   (`busy`, `readOnly`, `full`, or a constraint of the schema); `DatabaseAccessError` when called inside
    ///   another access to this portfolio's database on the same thread. Nothing is written when it throws.
    public func delete(handle: String) throws {
        try database.write { try Self.delete(handle: handle, in: $0) }
    }

    /// The node with this handle, or nil.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func fetch(handle: String) throws -> FundingSource? {
        try database.read { try Self.fetch(handle: handle, in: $0) }
    }

    /// All nodes, each after its parent (a root and its subtree, then the next root).
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func all() throws -> [FundingSource] {
        try database.read { try Self.all(in: $0) }
    }

    /// The node and everything below it, each after its parent.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func subtree(of handle: String) throws -> [FundingSource] {
        try database.read { try Self.subtree(of: handle, in: $0) }
    }

    /// The path from the root down to the node: `[Norway, Norway Grants, …, the node]`.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func path(to handle: String) throws -> [FundingSource] {
        try database.read { try Self.path(to: handle, in: $0) }
    }

    // MARK: - In a transaction

    static let select = """
        SELECT f.id, f.handle, f.kind, f.code, f.title, p.handle, o.handle, f.opens_on, f.closes_on, f.note
        FROM funding_source f
        LEFT JOIN funding_source p ON p.id = f.parent_id
        LEFT JOIN organisation o ON o.id = f.operator_organisation_id
        """

    /// Nodes in tree order: depth-first by handle, parents before children.
    static func treeOrdered(rootCondition: String) -> String {
        """
        WITH RECURSIVE tree(id, path) AS (
            SELECT id, handle FROM funding_source WHERE \(rootCondition)
            UNION ALL
            SELECT f.id, tree.path || char(1) || f.handle FROM funding_source f JOIN tree ON f.parent_id = tree.id)
        \(select) JOIN tree ON tree.id = f.id ORDER BY tree.path
        """
    }

    static func all(in db: Connection) throws -> [FundingSource] {
        try FundingSource.fetchAll(db, sql: treeOrdered(rootCondition: "parent_id IS NULL"))
    }

    static func id(_ handle: String, in db: Connection) throws -> Int64 {
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM funding_source WHERE handle = ?", arguments: [handle]) else {
            throw PortfolioError.notFound(record: .fundingSource, key: handle)
        }
        return id
    }

    static func create(_ source: FundingSource, in db: Connection) throws -> FundingSource.ID {
        let (parentID, operatorID) = try check(source, in: db, excluding: nil)
        try db.execute(
            sql: """
                INSERT INTO funding_source (handle, parent_id, kind, code, title, operator_organisation_id, opens_on, closes_on, note)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [source.handle, parentID, source.kind.rawValue, source.code, source.title, operatorID,
                        source.opensOn, source.closesOn, source.note])
        return FundingSource.ID(db.lastInsertedRowID)
    }

    static func update(_ source: FundingSource, in db: Connection) throws {
        let id = try source.id?.rawValue ?? Self.id(source.handle, in: db)
        let (parentID, operatorID) = try check(source, in: db, excluding: id)
        if let parentID {
            // The new parent must not be the node or below it.
            let isBelow = try Int64.fetchOne(
                db,
                sql: """
                    WITH RECURSIVE up(id) AS (
                        SELECT ? UNION SELECT f.parent_id FROM funding_source f JOIN up ON f.id = up.id WHERE f.parent_id IS NOT NULL)
                    SELECT count(*) FROM up WHERE id = ?
                    """,
                arguments: [parentID, id]) ?? 0
            if isBelow > 0 {
                throw PortfolioError.fundingSourceCycle(source: source.handle, parent: source.parent ?? "")
            }
        }
        try db.execute(
            sql: """
                UPDATE funding_source SET handle = ?, parent_id = ?, kind = ?, code = ?, title = ?,
                    operator_organisation_id = ?, opens_on = ?, closes_on = ?, note = ?
                WHERE id = ?
                """,
            arguments: [source.handle, parentID, source.kind.rawValue, source.code, source.title, operatorID,
                        source.opensOn, source.closesOn, source.note, id])
    }

    /// Checks the fields and resolves the parent and operator handles.
    private static func check(_ source: FundingSource, in db: Connection, excluding id: Int64?) throws -> (Int64?, Int64?) {
        let record = RecordName.fundingSource(source.handle)
        let check = FieldCheck(record: record)
        try check.nonEmpty(source.handle, "handle", maxLength: 200)
        try check.nonEmpty(source.title, "title")
        try check.optionalNonEmpty(source.code, "code")
        try check.order(source.opensOn, source.closesOn, startField: "opensOn", endField: "closesOn")
        try Uniqueness.check(in: db, table: "funding_source", column: "handle", value: source.handle, excluding: id, record: record)
        if source.parent == source.handle {
            throw PortfolioError.fundingSourceCycle(source: source.handle, parent: source.handle)
        }
        let parentID = try source.parent.map { try Lookup.fundingSource($0, in: db, for: record, field: "parent") }
        if let code = source.code {
            let clash = try Int64.fetchOne(
                db, sql: "SELECT count(*) FROM funding_source WHERE parent_id IS ? AND code = ? AND id IS NOT ?",
                arguments: [parentID, code, id]) ?? 0
            if clash > 0 { throw PortfolioError.duplicate(record: record, field: "code", value: code) }
        }
        let operatorID = try source.operatorOrganisation.map {
            try Lookup.organisation($0, in: db, for: record, field: "operator")
        }
        return (parentID, operatorID)
    }
}

extension FundingSource: RowDecodable {
    /// Reads the value from a row of the store's SQL.
    ///
    /// - Throws: `RowDecodingError` when a column is missing, NULL where a value is required, or of another storage
    ///   class; ``PortfolioError`` when a stored value breaks a rule of its type (an invalid date).
    public init(row: Row) throws {
        let kindText: String = try row[2]
        guard let kind = Kind(rawValue: kindText) else {
            throw PortfolioError.invalidValue(record: RecordName(kind: .fundingSource), field: "kind", value: kindText, reason: "unknown kind")
        }
        self.init(
            id: try row[0], handle: try row[1], kind: kind, code: try row[3], title: try row[4], parent: try row[5],
            operatorOrganisation: try row[6], opensOn: try row[7], closesOn: try row[8], note: try row[9])
    }
}

extension FundingSourceStore {
    /// The work of `delete(handle:)`, on `db`.
    static func delete(handle: String, in db: Connection) throws {
        let id = try Self.id(handle, in: db)
        let uses = try References.count(
            in: db, id: id, [("funding_source", "parent_id", "child funding sources"), ("application", "funding_source_id", "applications")])
        if !uses.isEmpty { throw PortfolioError.stillReferenced(record: RecordName.fundingSource(handle), by: uses) }
        try db.execute(sql: "DELETE FROM funding_source WHERE id = ?", arguments: [id])
    }

    /// The work of `fetch(handle:)`, on `db`.
    static func fetch(handle: String, in db: Connection) throws -> FundingSource? {
        try FundingSource.fetchOne(db, sql: Self.select + " WHERE f.handle = ?", arguments: [handle])
    }

    /// The work of `subtree(of:)`, on `db`.
    static func subtree(of handle: String, in db: Connection) throws -> [FundingSource] {
        let id = try Self.id(handle, in: db)
        return try FundingSource.fetchAll(db, sql: Self.treeOrdered(rootCondition: "id = ?"), arguments: [id])
    }

    /// The work of `path(to:)`, on `db`.
    static func path(to handle: String, in db: Connection) throws -> [FundingSource] {
        let id = try Self.id(handle, in: db)
        return try FundingSource.fetchAll(
            db,
            sql: """
                WITH RECURSIVE up(id, depth) AS (
                    SELECT ?, 0
                    UNION ALL
                    SELECT f.parent_id, up.depth + 1 FROM funding_source f JOIN up ON f.id = up.id
                    WHERE f.parent_id IS NOT NULL)
                \(Self.select) JOIN up ON up.id = f.id ORDER BY up.depth DESC
                """,
            arguments: [id])
    }
}
