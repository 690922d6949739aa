import SQLiteCore

/// Creates, changes, deletes and finds organisations.
///
/// ```swift
/// try portfolio.organisations.create(Organisation(handle: "lpr", name: "Latgales plānošanas reģions", country: "LV"))
/// let lpr = try portfolio.organisations.fetch(handle: "lpr")
/// ```
public struct OrganisationStore: Sendable {
    let database: any DatabaseWriter

    /// Stores a new organisation and returns its id.
    ///
    /// - Throws: ``PortfolioError``: `invalidValue` for an invalid field (an empty handle or name, a country or
    ///   type code not in its standard), `duplicate` for a handle or identifier already used; `SQLiteError` when
    ///   SQLite fails writing (`busy`, `readOnly`, `full`, or a constraint of the schema); `DatabaseAccessError`
    ///   when called inside another access to this portfolio's database on the same thread. Nothing is written when
    ///   it throws.
    @discardableResult
    public func create(_ organisation: Organisation) throws -> Organisation.ID {
        try database.write { try Self.create(organisation, in: $0) }
    }

    /// Saves changes to an organisation, found by its id (or else by its handle).
    ///
    /// - Throws: ``PortfolioError``: `notFound` (kind ``RecordKind/organisation``) when no organisation has the id
    ///   or handle, and the errors of `create(_:)`; `SQLiteError` when SQLite fails writing (`busy`, `readOnly`,
    ///   `full`, or a constraint of the schema); `DatabaseAccessError` when called inside another access to this
    ///   portfolio's database on the same thread. Nothing is written when it throws.
    public func update(_ organisation: Organisation) throws {
        try database.write { try Self.update(organisation, in: $0) }
    }

    /// Deletes an organisation that nothing refers to any more.
    ///
    /// - Throws: ``PortfolioError``: `notFound` (kind ``RecordKind/organisation``) for an unknown handle,
    ///   `stillReferenced` while projects or participations refer to it; `SQLiteError` when SQLite fails writing
    ///   (`busy`, `readOnly`, `full`, or a constraint of the schema); `DatabaseAccessError` when called inside
    ///   another access to this portfolio's database on the same thread. Nothing is written when it throws.
    public func delete(handle: String) throws {
        try database.write { try Self.delete(handle: handle, in: $0) }
    }

    /// The organisation with this handle, or nil.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func fetch(handle: String) throws -> Organisation? {
        try database.read { try Self.fetch(handle: handle, in: $0) }
    }

    /// The organisation with this id, or nil.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func fetch(_ id: Organisation.ID) throws -> Organisation? {
        try database.read { try Self.fetch(id, in: $0) }
    }

    /// All organisations, by handle.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func all() throws -> [Organisation] {
        try database.read { try Self.all(in: $0) }
    }

    // MARK: - In a transaction

    static let select = "SELECT id, handle, name, country, org_type, identifier, note FROM organisation"

    static func all(in db: Connection) throws -> [Organisation] {
        try Organisation.fetchAll(db, sql: select + " ORDER BY handle")
    }

    static func id(_ handle: String, in db: Connection) throws -> Int64 {
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM organisation WHERE handle = ?", arguments: [handle]) else {
            throw PortfolioError.notFound(record: .organisation, key: handle)
        }
        return id
    }

    static func create(_ organisation: Organisation, in db: Connection) throws -> Organisation.ID {
        try check(organisation, in: db, excluding: nil)
        try db.execute(
            sql: "INSERT INTO organisation (handle, name, country, org_type, identifier, note) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [organisation.handle, organisation.name, organisation.country, organisation.type,
                        organisation.identifier, organisation.note])
        return Organisation.ID(db.lastInsertedRowID)
    }

    static func update(_ organisation: Organisation, in db: Connection) throws {
        let id = try organisation.id?.rawValue ?? Self.id(organisation.handle, in: db)
        try check(organisation, in: db, excluding: id)
        try db.execute(
            sql: "UPDATE organisation SET handle = ?, name = ?, country = ?, org_type = ?, identifier = ?, note = ? WHERE id = ?",
            arguments: [organisation.handle, organisation.name, organisation.country, organisation.type,
                        organisation.identifier, organisation.note, id])
        if db.changesCount == 0 { throw PortfolioError.notFound(record: .organisation, key: organisation.handle) }
    }

    private static func check(_ organisation: Organisation, in db: Connection, excluding id: Int64?) throws {
        let check = FieldCheck(record: RecordName.organisation(organisation.handle))
        try check.nonEmpty(organisation.handle, "handle", maxLength: 200)
        try check.nonEmpty(organisation.name, "name")
        try check.countryCode(organisation.country, "country")
        try check.organisationType(organisation.type, "type")
        try check.optionalNonEmpty(organisation.identifier, "identifier")
        try Uniqueness.check(in: db, table: "organisation", column: "handle", value: organisation.handle, excluding: id,
                             record: check.record)
        if let identifier = organisation.identifier {
            try Uniqueness.check(in: db, table: "organisation", column: "identifier", value: identifier, excluding: id,
                                 record: check.record)
        }
    }
}

extension Organisation: RowDecodable {
    /// Reads the value from a row of the store's SQL.
    ///
    /// - Throws: `RowDecodingError` when a column is missing, NULL where a value is required, or of another storage
    ///   class; ``PortfolioError`` when a stored value breaks a rule of its type (an invalid date).
    public init(row: Row) throws {
        self.init(
            id: try row[0], handle: try row[1], name: try row[2], country: try row[3], type: try row[4],
            identifier: try row[5], note: try row[6])
    }
}

extension OrganisationStore {
    /// The work of `delete(handle:)`, on `db`.
    static func delete(handle: String, in db: Connection) throws {
        let id = try Self.id(handle, in: db)
        let uses = try References.count(
            in: db, id: id,
            [("project", "owner_organisation_id", "projects"),
             ("participation", "organisation_id", "participations"),
             ("funding_source", "operator_organisation_id", "funding sources")])
        if !uses.isEmpty {
            throw PortfolioError.stillReferenced(record: RecordName.organisation(handle), by: uses)
        }
        try db.execute(sql: "DELETE FROM organisation WHERE id = ?", arguments: [id])
    }

    /// The work of `fetch(handle:)`, on `db`.
    static func fetch(handle: String, in db: Connection) throws -> Organisation? {
        try Organisation.fetchOne(db, sql: Self.select + " WHERE handle = ?", arguments: [handle])
    }

    /// The work of `fetch(_:)`, on `db`.
    static func fetch(_ id: Organisation.ID, in db: Connection) throws -> Organisation? {
        try Organisation.fetchOne(db, sql: Self.select + " WHERE id = ?", arguments: [id])
    }
}
