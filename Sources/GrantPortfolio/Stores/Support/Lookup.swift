import SQLiteCore

/// Resolves the keys people type (handles, references, codes) to row ids, or
/// throws ``PortfolioError/notFound(record:key:)`` /
/// ``PortfolioError/invalidValue(record:field:value:reason:)`` naming the record
/// and field that referred to them.
enum Lookup {
    static func organisation(_ handle: String, in db: Connection, for record: RecordName, field: String) throws -> Int64 {
        try id(
            "SELECT id FROM organisation WHERE handle = ?", handle, in: db,
            missing: "no organisation with handle '\(handle)'", record: record, field: field)
    }

    static func person(_ handle: String, in db: Connection, for record: RecordName, field: String) throws -> Int64 {
        try id(
            "SELECT id FROM person WHERE handle = ?", handle, in: db,
            missing: "no person with handle '\(handle)'", record: record, field: field)
    }

    static func fundingSource(_ handle: String, in db: Connection, for record: RecordName, field: String) throws -> Int64 {
        try id(
            "SELECT id FROM funding_source WHERE handle = ?", handle, in: db,
            missing: "no funding source with handle '\(handle)'", record: record, field: field)
    }

    static func theme(_ key: Theme.Key, in db: Connection, for record: RecordName, field: String) throws -> Int64 {
        guard let id = try Int64.fetchOne(
            db, sql: "SELECT id FROM theme WHERE vocabulary = ? AND code = ?", arguments: [key.vocabulary, key.code])
        else {
            throw PortfolioError.invalidValue(
                record: record, field: field, value: key.description, reason: "no theme \(key)")
        }
        return id
    }

    static func project(_ reference: String, in db: Connection) throws -> Int64 {
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM project WHERE reference = ?", arguments: [reference]) else {
            throw PortfolioError.notFound(record: .project, key: reference)
        }
        return id
    }

    /// The currency with `code`, or ``PortfolioError/unknownCurrency(record:field:code:)``.
    static func currency(_ code: String, in db: Connection, for record: RecordName, field: String) throws -> Currency {
        guard let minorUnit = try Int.fetchOne(db, sql: "SELECT minor_unit FROM currency WHERE code = ?", arguments: [code]) else {
            throw PortfolioError.unknownCurrency(record: record, field: field, code: code)
        }
        return try Currency(code: code, minorUnit: minorUnit)
    }

    /// Every currency of the portfolio, by code.
    static func currencies(in db: Connection) throws -> [String: Currency] {
        try Dictionary(uniqueKeysWithValues: db.fetchAll(sql: "SELECT code, minor_unit FROM currency") { row in
            (try row[0] as String, try Currency(code: try row[0], minorUnit: try row[1]))
        })
    }

    /// The status with `code`, or ``PortfolioError/unknownStatus(record:status:)``.
    static func status(_ code: StatusCode, in db: Connection, for record: RecordName) throws -> Status {
        guard let status = try Status.fetchOne(
            db, sql: "SELECT \(Status.columns) FROM status WHERE code = ?", arguments: [code.rawValue])
        else { throw PortfolioError.unknownStatus(record: record, status: code.rawValue) }
        return status
    }

    private static func id(
        _ sql: String, _ key: String, in db: Connection, missing: String, record: RecordName, field: String
    ) throws -> Int64 {
        guard let id = try Int64.fetchOne(db, sql: sql, arguments: [key]) else {
            throw PortfolioError.invalidValue(record: record, field: field, value: key, reason: missing)
        }
        return id
    }
}
