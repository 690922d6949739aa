import SQLiteCore

/// Creates, changes, deletes and finds people.
public struct PersonStore: Sendable {
    let database: any DatabaseWriter

    /// Stores a new person and returns the id.
    ///
    /// - Throws: ``PortfolioError``: `invalidValue` for an invalid field (an empty handle or name, an email that is
    ///   not an address), `duplicate` for a handle or identifier already used; `SQLiteError` when SQLite fails
    ///   writing (`busy`, `readOnly`, `full`, or a constraint of the schema); `DatabaseAccessError` when called
    ///   inside another access to this portfolio's database on the same thread. Nothing is written when it throws.
    @discardableResult
    public func create(_ person: Person) throws -> Person.ID {
        try database.write { try Self.create(person, in: $0) }
    }

    /// Saves changes to a person, found by id (or else by handle).
    ///
    /// - Throws: ``PortfolioError``: `notFound` (kind ``RecordKind/person``) when no person has the id or handle,
    ///   and the errors of `create(_:)`; `SQLiteError` when SQLite fails writing (`busy`, `readOnly`, `full`, or
    ///   a constraint of the schema); `DatabaseAccessError` when called inside another access to this portfolio's
    ///   database on the same thread. Nothing is written when it throws.
    public func update(_ person: Person) throws {
        try database.write { try Self.update(person, in: $0) }
    }

    /// Deletes a person who is no project's contact.
    ///
    /// - Throws: ``PortfolioError``: `notFound` (kind ``RecordKind/person``) for an unknown handle,
    ///   `stillReferenced` while project contacts refer to the person; `SQLiteError` when SQLite fails writing
    ///   (`busy`, `readOnly`, `full`, or a constraint of the schema); `DatabaseAccessError` when called inside
    ///   another access to this portfolio's database on the same thread. Nothing is written when it throws.
    public func delete(handle: String) throws {
        try database.write { try Self.delete(handle: handle, in: $0) }
    }

    /// The person with this handle, or nil.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func fetch(handle: String) throws -> Person? {
        try database.read { try Self.fetch(handle: handle, in: $0) }
    }

    /// All people, by handle.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func all() throws -> [Person] {
        try database.read { try Self.all(in: $0) }
    }

    // MARK: - In a transaction

    static let select = "SELECT id, handle, name, email, phone, identifier, note FROM person"

    static func all(in db: Connection) throws -> [Person] {
        try Person.fetchAll(db, sql: select + " ORDER BY handle")
    }

    static func id(_ handle: String, in db: Connection) throws -> Int64 {
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM person WHERE handle = ?", arguments: [handle]) else {
            throw PortfolioError.notFound(record: .person, key: handle)
        }
        return id
    }

    static func create(_ person: Person, in db: Connection) throws -> Person.ID {
        try check(person, in: db, excluding: nil)
        try db.execute(
            sql: "INSERT INTO person (handle, name, email, phone, identifier, note) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [person.handle, person.name, person.email, person.phone, person.identifier, person.note])
        return Person.ID(db.lastInsertedRowID)
    }

    private static func check(_ person: Person, in db: Connection, excluding id: Int64?) throws {
        let check = FieldCheck(record: RecordName.person(person.handle))
        try check.nonEmpty(person.handle, "handle", maxLength: 200)
        try check.nonEmpty(person.name, "name")
        try check.email(person.email, "email")
        try check.optionalNonEmpty(person.identifier, "identifier")
        try Uniqueness.check(in: db, table: "person", column: "handle", value: person.handle, excluding: id, record: check.record)
        if let identifier = person.identifier {
            try Uniqueness.check(in: db, table: "person", column: "identifier", value: identifier, excluding: id, record: check.record)
        }
    }
}

extension Person: RowDecodable {
    /// Reads the value from a row of the store's SQL.
    ///
    /// - Throws: `RowDecodingError` when a column is missing, NULL where a value is required, or of another storage
    ///   class; ``PortfolioError`` when a stored value breaks a rule of its type (an invalid date).
    public init(row: Row) throws {
        self.init(
            id: try row[0], handle: try row[1], name: try row[2], email: try row[3], phone: try row[4],
            identifier: try row[5], note: try row[6])
    }
}

extension PersonStore {
    /// The work of `update(_:)`, on `db`.
    static func update(_ person: Person, in db: Connection) throws {
        let id = try person.id?.rawValue ?? Self.id(person.handle, in: db)
        try Self.check(person, in: db, excluding: id)
        try db.execute(
            sql: "UPDATE person SET handle = ?, name = ?, email = ?, phone = ?, identifier = ?, note = ? WHERE id = ?",
            arguments: [person.handle, person.name, person.email, person.phone, person.identifier, person.note, id])
    }

    /// The work of `delete(handle:)`, on `db`.
    static func delete(handle: String, in db: Connection) throws {
        let id = try Self.id(handle, in: db)
        let uses = try References.count(in: db, id: id, [("contact", "person_id", "project contacts")])
        if !uses.isEmpty { throw PortfolioError.stillReferenced(record: RecordName.person(handle), by: uses) }
        try db.execute(sql: "DELETE FROM person WHERE id = ?", arguments: [id])
    }

    /// The work of `fetch(handle:)`, on `db`.
    static func fetch(handle: String, in db: Connection) throws -> Person? {
        try Person.fetchOne(db, sql: Self.select + " WHERE handle = ?", arguments: [handle])
    }
}
