import Foundation
import SQLiteCore

extension Portfolio {
    /// Imports a 360Giving package (`{"grants": [...]}`, Data Standard 1.4):
    /// each grant becomes a project with one application, approved on its
    /// award date, with the amounts awarded, applied for and disbursed in the
    /// grant's currency; the funder and programme become a funding-source
    /// path, the recipient the lead applicant (or a person, for a grant to an
    /// individual), classifications themes. Fields with no column are kept
    /// verbatim in the application's `extra_json`.
    ///
    /// ```swift
    /// let data = try Data(contentsOf: URL(fileURLWithPath: "grants.json"))
    /// let report = try portfolio.importThreeSixtyGiving(from: data)
    /// print(report)          // 870 grants: 870 new, 0 updated, 0 unchanged; awarded GBP 51,625,696.54 (870 grants)
    /// try portfolio.importThreeSixtyGiving(from: data).unchanged   // 870: nothing changed
    /// ```
    ///
    /// Amounts are read exactly from the JSON number's text; dates that are
    /// not ISO (`17/03/2014`, `08/2013`, `19 April 2013`) are read by
    /// ``LenientDate`` and listed in ``ThreeSixtyGivingImportReport/dateGuesses``.
    /// Grants already imported are found by identifier and updated where the
    /// file differs. All in one transaction: an invalid grant throws an
    /// ``ImportError`` naming it and its field, and leaves the database as it
    /// was, unless ``ThreeSixtyGivingImportOptions/skipInvalid`` is set.
    ///
    /// - Parameters:
    ///   - data: The file's bytes: UTF-8 JSON.
    ///   - options: Whether to round amounts and whether to skip invalid grants.
    ///   - progress: Called after each grant with the count done and the total.
    ///
    /// - Throws: ``ImportError`` naming the grant and its field, when the data is not JSON, not a 360Giving
    ///   package, or a grant is invalid and ``ThreeSixtyGivingImportOptions/skipInvalid`` is not set (the database
    ///   is unchanged); `SQLiteError` when SQLite fails writing (`busy`, `readOnly`, `full`, or a constraint of the
    ///   schema); `DatabaseAccessError` when called inside another access to this portfolio's database on the same
    ///   thread. Nothing is written when it throws.
    @discardableResult
    public func importThreeSixtyGiving(
        from data: Data, options: ThreeSixtyGivingImportOptions = ThreeSixtyGivingImportOptions(),
        progress: InteropProgress? = nil
    ) throws -> ThreeSixtyGivingImportReport {
        try database.write { db in
            try ThreeSixtyGivingImporter.load(data, into: db, options: options, progress: progress)
        }
    }

    /// Writes the approved applications (those that ever reached a status
    /// whose outcome is approved) as a 360Giving package, one grant at a time,
    /// from one consistent snapshot. Applications never approved are left
    /// out: the standard publishes awards.
    ///
    /// ```swift
    /// var json = ""
    /// let report = try portfolio.exportThreeSixtyGiving(
    ///     to: &json, options: ThreeSixtyGivingExportOptions(prefix: "lpr", funder: "innovation-norway"))
    /// print(report)   // 3 grants; awarded EUR 1,234,567.00 (3 grants)
    /// ```
    ///
    /// Amounts are JSON numbers written from the exact decimals; grants
    /// imported from 360Giving keep their identifiers, the others get
    /// `360G-<prefix>-<project reference>`. Throws ``ExportError`` when
    /// nothing is approved (a package needs at least one grant).
    ///
    /// - Throws: ``ExportError`` when the options are invalid (a prefix that is not letters, digits, `-`, `_` or
    ///   `.`; an unknown funder) or there is no grant to write (no application was ever approved, or none has an
    ///   amount awarded); `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    @discardableResult
    public func exportThreeSixtyGiving(
        to output: inout some TextOutputStream, options: ThreeSixtyGivingExportOptions = ThreeSixtyGivingExportOptions(),
        progress: InteropProgress? = nil
    ) throws -> ThreeSixtyGivingExportReport {
        try database.read { db in
            try ThreeSixtyGivingExporter.write(from: db, options: options, to: &output, progress: progress)
        }
    }

    /// The 360Giving package as UTF-8 JSON; see ``exportThreeSixtyGiving(to:options:progress:)``.
    ///
    /// - Throws: ``ExportError`` when the options are invalid (a prefix that is not letters, digits, `-`, `_` or
    ///   `.`; an unknown funder) or there is no grant to write (no application was ever approved, or none has an
    ///   amount awarded); `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func exportThreeSixtyGiving(options: ThreeSixtyGivingExportOptions = ThreeSixtyGivingExportOptions()) throws -> Data {
        try database.read { Data(try Self.exportThreeSixtyGivingText(options: options, progress: nil, in: $0).text.utf8) }
    }

    /// The 360Giving package as text and its report, read on `db`.
    static func exportThreeSixtyGivingText(options: ThreeSixtyGivingExportOptions, progress: InteropProgress?, in db: Connection) throws
        -> (text: String, report: ThreeSixtyGivingExportReport)
    {
        var text = ""
        let report = try ThreeSixtyGivingExporter.write(from: db, options: options, to: &text, progress: progress)
        return (text, report)
    }
}
