import Foundation
import SQLiteCore

extension Portfolio {
    /// Loads a whole portfolio document in the portfolio JSON format (see
    /// <doc:PortfolioJSONFormat>), all or nothing: in one transaction, so that
    /// any bad record leaves the database exactly as it was and throws an
    /// ``ImportError`` naming the record's path and field.
    ///
    /// ```swift
    /// let summary = try portfolio.importDocument(from: Data(contentsOf: url))
    /// print(summary)   // 14 projects, 16 applications, …
    /// ```
    ///
    /// - Throws: ``ImportError`` naming the record's path and field, when the data is not JSON, not the portfolio
    ///   format, or a record is refused by the rules of the stores (the database is unchanged); `SQLiteError` when
    ///   SQLite fails writing (`busy`, `readOnly`, `full`, or a constraint of the schema); `DatabaseAccessError`
    ///   when called inside another access to this portfolio's database on the same thread. Nothing is written when
    ///   it throws.
    @discardableResult
    public func importDocument(from data: Data) throws -> ImportSummary {
        try database.write { try PortfolioDocumentImporter.load(data, into: $0) }
    }

    /// The whole portfolio in the portfolio JSON format, canonical and
    /// byte-stable: export → import → export gives the same bytes.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func exportDocument() throws -> Data {
        try database.read { Data(try Self.exportDocumentText(in: $0).utf8) }
    }

    /// The whole portfolio in the portfolio JSON format, read on `db`.
    static func exportDocumentText(in db: Connection) throws -> String {
        var text = ""
        try PortfolioDocumentExporter.write(from: db, to: &text)
        return text
    }

    /// Writes the whole portfolio in the portfolio JSON format to `output`,
    /// one project at a time, from one consistent snapshot.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func exportDocument(to output: inout some TextOutputStream) throws {
        try database.read { try PortfolioDocumentExporter.write(from: $0, to: &output) }
    }
}
