import SQLiteCore

/// The currencies a portfolio knows (ISO 4217, historic ones included) and the
/// exchange rates it may convert with.
///
/// ```swift
/// let rate = try portfolio.currencies.rate(from: "LVL", to: "EUR", on: try CalendarDate("2012-06-30"))
/// ```
public struct CurrencyStore: Sendable {
    let database: any DatabaseWriter

    /// The currency with this code, or nil.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func fetch(_ code: String) throws -> Currency? {
        try database.read { try Self.fetch(code, in: $0) }
    }

    /// Adds a currency that is not in the seeded list.
    ///
    /// - Throws: ``PortfolioError``: `invalidValue` for an empty name, `duplicate` when the code is already stored;
    ///   `SQLiteError` when SQLite fails writing (`busy`, `readOnly`, `full`, or a constraint of the schema);
    ///   `DatabaseAccessError` when called inside another access to this portfolio's database on the same thread.
    ///   Nothing is written when it throws.
    public func add(_ currency: Currency, name: String, withdrawnOn: CalendarDate? = nil) throws {
        try database.write { try Self.add(currency, name: name, withdrawnOn: withdrawnOn, in: $0) }
    }

    /// All exchange rates, by pair and date.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func exchangeRates() throws -> [ExchangeRate] {
        try database.read { try Self.exchangeRates(in: $0) }
    }

    /// Stores an exchange rate.
    ///
    /// - Throws: ``PortfolioError``: `unknownCurrency` for either currency, `invalidValue` when the currencies are
    ///   the same, a term is not positive or the source is empty, and `SQLiteError` (a UNIQUE constraint) when a
    ///   rate for the pair is already valid from that day; `SQLiteError` when SQLite fails writing (`busy`,
    ///   `readOnly`, `full`, or a constraint of the schema); `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread. Nothing is written when it throws.
    public func add(_ rate: ExchangeRate) throws {
        try database.write { try Self.add(rate, in: $0) }
    }

    /// The rate from one currency to another in force on `date`: the latest
    /// one valid from that date or earlier. Nil when there is none.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func rate(from: String, to: String, on date: CalendarDate) throws -> ExchangeRate? {
        try database.read { try Self.rate(from: from, to: to, on: date, in: $0) }
    }

    // MARK: - In a transaction

    static func add(_ currency: Currency, name: String, withdrawnOn: CalendarDate?, in db: Connection) throws {
        let record = RecordName.currency(currency.code)
        try FieldCheck(record: record).nonEmpty(name, "name")
        if try Int64.fetchOne(db, sql: "SELECT count(*) FROM currency WHERE code = ?", arguments: [currency.code]) ?? 0 > 0 {
            throw PortfolioError.duplicate(record: record, field: "code", value: currency.code)
        }
        try db.execute(
            sql: "INSERT INTO currency (code, name, minor_unit, withdrawn_on) VALUES (?, ?, ?, ?)",
            arguments: [currency.code, name, currency.minorUnit, withdrawnOn])
    }

    static func rate(from: String, to: String, on date: CalendarDate, in db: Connection) throws -> ExchangeRate? {
        try ExchangeRate.fetchOne(
            db,
            sql: """
                SELECT \(ExchangeRate.columns) FROM exchange_rate
                WHERE from_currency = ? AND to_currency = ? AND valid_from <= ?
                ORDER BY valid_from DESC LIMIT 1
                """,
            arguments: [from, to, date])
    }

    static func add(_ rate: ExchangeRate, in db: Connection) throws {
        let record = RecordName.exchangeRate(rate)
        _ = try Lookup.currency(rate.from, in: db, for: record, field: "from")
        _ = try Lookup.currency(rate.to, in: db, for: record, field: "to")
        let check = FieldCheck(record: record)
        try check.nonEmpty(rate.source, "source")
        if rate.from == rate.to {
            throw PortfolioError.invalidValue(record: record, field: "to", value: rate.to, reason: "must differ from the currency it converts from")
        }
        if rate.numerator <= 0 || rate.denominator <= 0 {
            throw PortfolioError.invalidValue(
                record: record, field: "numerator", value: "\(rate.numerator)/\(rate.denominator)", reason: "both terms must be positive")
        }
        try db.execute(
            sql: "INSERT INTO exchange_rate (from_currency, to_currency, numerator, denominator, valid_from, source) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [rate.from, rate.to, rate.numerator, rate.denominator, rate.validFrom, rate.source])
    }
}

extension ExchangeRate: RowDecodable {
    static let columns = "from_currency, to_currency, numerator, denominator, valid_from, source"

    /// Reads the value from a row of the store's SQL.
    ///
    /// - Throws: `RowDecodingError` when a column is missing, NULL where a value is required, or of another storage
    ///   class; ``PortfolioError`` when a stored value breaks a rule of its type (an invalid date).
    public init(row: Row) throws {
        self.init(
            from: try row[0], to: try row[1], numerator: try row[2], denominator: try row[3], validFrom: try row[4],
            source: try row[5])
    }
}

extension CurrencyStore {
    /// The work of `fetch(_:)`, on `db`.
    static func fetch(_ code: String, in db: Connection) throws -> Currency? {
        try Int.fetchOne(db, sql: "SELECT minor_unit FROM currency WHERE code = ?", arguments: [code])
            .map { try Currency(code: code, minorUnit: $0) }
    }

    /// The work of `exchangeRates()`, on `db`.
    static func exchangeRates(in db: Connection) throws -> [ExchangeRate] {
        try ExchangeRate.fetchAll(db, sql: "SELECT \(ExchangeRate.columns) FROM exchange_rate ORDER BY from_currency, to_currency, valid_from")
    }
}
