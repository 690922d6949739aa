import Foundation
import SQLiteCore

extension Portfolio {
    /// Writes one of the portfolio's spreadsheets as CSV (RFC 4180, UTF-8,
    /// CRLF line ends), row by row, from one consistent snapshot, and
    /// returns the number of data rows.
    ///
    /// ```swift
    /// var output = ""
    /// try portfolio.exportCSV(.applications, to: &output, byteOrderMark: true)   // for Excel
    /// ```
    ///
    /// - Parameters:
    ///   - table: Which spreadsheet; see ``CSVTable``.
    ///   - output: Where the CSV goes: any `TextOutputStream`: a `String`, or
    ///     a stream to a file, so that a large portfolio is never held in memory.
    ///   - byteOrderMark: Start with U+FEFF, which spreadsheet programs need
    ///     to read UTF-8 correctly.
    ///   - progress: Called after each row with the count done and the total.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread. What writing to `output` throws is not caught: a
    ///   `TextOutputStream` cannot throw.
    @discardableResult
    public func exportCSV(
        _ table: CSVTable, to output: inout some TextOutputStream, byteOrderMark: Bool = false, progress: InteropProgress? = nil
    ) throws -> Int {
        try database.read { db in
            try CSVExporter.write(table, from: db, to: &output, byteOrderMark: byteOrderMark, progress: progress)
        }
    }

    /// One spreadsheet as CSV text and its number of data rows, read on `db`.
    static func exportCSVText(_ table: CSVTable, byteOrderMark: Bool, progress: InteropProgress?, in db: Connection) throws
        -> (text: String, rows: Int)
    {
        var text = ""
        let rows = try CSVExporter.write(table, from: db, to: &text, byteOrderMark: byteOrderMark, progress: progress)
        return (text, rows)
    }

    /// Reads back a CSV file in the columns of one of the portfolio's
    /// spreadsheets (the header row says which): every row is compared with
    /// the record its first column names and only the cells that differ are
    /// written; a row with an empty identifier creates a record. All or
    /// nothing, in one transaction: a bad row throws an ``ImportError``
    /// naming the row, its line and the column, and changes nothing.
    ///
    /// ```swift
    /// var csv = ""
    /// try portfolio.exportCSV(.applications, to: &csv)
    /// // … a person changes one "Awarded" cell in a spreadsheet program …
    /// let report = try portfolio.importCSV(from: Data(edited.utf8))
    /// report.changes   // ["row 5 (line 5, application 4 of project 'LPR-2014-02'), Awarded: 10,000.00 EUR → 12,000.00 EUR"]
    /// ```
    ///
    /// - Parameters:
    ///   - data: The CSV file's bytes (UTF-8, with or without a byte order mark).
    ///   - allowRounding: Round amounts with more decimals than their
    ///     currency has, half to even, reporting each, instead of refusing them.
    ///   - progress: Called after each row with the count done and the total.
    ///
    /// - Throws: ``ImportError`` naming the row, its line and the column, when the file is not CSV (a syntax
    ///   error), its header names no spreadsheet, or a row is refused by the rules of the stores (the database is
    ///   unchanged); `SQLiteError` when SQLite fails writing (`busy`, `readOnly`, `full`, or a constraint of the
    ///   schema); `DatabaseAccessError` when called inside another access to this portfolio's database on the same
    ///   thread. Nothing is written when it throws.
    @discardableResult
    public func importCSV(from data: Data, allowRounding: Bool = false, progress: InteropProgress? = nil) throws -> CSVImportReport {
        try database.write { db in
            try CSVImporter.load(data, into: db, allowRounding: allowRounding, progress: progress)
        }
    }
}
