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
    @discardableResult
    public func importDocument(from data: Data) throws -> ImportSummary {
        try database.write { try PortfolioDocumentImporter.load(data, into: $0) }
    }

    /// The whole portfolio in the portfolio JSON format, canonical and
    /// byte-stable: export → import → export gives the same bytes.
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
    public func exportDocument(to output: inout some TextOutputStream) throws {
        try database.read { try PortfolioDocumentExporter.write(from: $0, to: &output) }
    }
}
