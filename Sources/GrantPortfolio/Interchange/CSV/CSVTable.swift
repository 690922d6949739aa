/// The spreadsheets a portfolio exports to CSV and imports back: each has
/// fixed columns with headers a person can read, and an identifying first
/// column, so that an edited cell finds its way back to its record.
///
/// ```swift
/// CSVTable.applications.headers.prefix(4)   // ["Application ID", "Project reference", "Project title", "Funding source"]
/// CSVTable(rawValue: "status-history")      // .statusHistory
/// ```
public enum CSVTable: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// One row per project: reference, title, owner, dates, themes.
    case projects
    /// One row per application: project, funding source and its path, lead
    /// applicant, current status and its date, and the latest figure of
    /// each kind of money with its currency.
    case applications
    /// One row per status event: the whole history of every application.
    case statusHistory = "status-history"
    /// One row per money figure, revisions included.
    case money

    public var description: String { rawValue }

    /// The column headers, in order.
    public var headers: [String] {
        switch self {
        case .projects:
            ["Reference", "Title", "Original title", "Original language", "Summary", "Owner", "Planned start", "Planned end",
             "Actual start", "Actual end", "Themes", "Note"]
        case .applications:
            ["Application ID", "Project reference", "Project title", "Funding source", "Funding source path", "Lead applicant",
             "Currency", "Submitted on", "Decided on", "Funder reference", "Grant identifier", "Status", "Status date"]
                + MoneyFigure.Kind.allCases.flatMap { [Self.label(of: $0), Self.label(of: $0) + " currency"] }
        case .statusHistory:
            ["Event ID", "Application ID", "Project reference", "Status", "Effective on", "Recorded at", "Note"]
        case .money:
            ["Figure ID", "Application ID", "Project reference", "Kind", "Amount", "Currency", "Value date", "Set on", "Note"]
        }
    }

    /// The header of a money kind's column in the applications table: `Total cost`, `Awarded`.
    public static func label(of kind: MoneyFigure.Kind) -> String {
        switch kind {
        case .totalCost: "Total cost"
        case .eligibleCost: "Eligible cost"
        case .requested: "Requested"
        case .awarded: "Awarded"
        case .coFinancing: "Co-financing"
        case .ownContribution: "Own contribution"
        case .disbursed: "Disbursed"
        }
    }

    /// The table whose headers are exactly `headers` (in any order), or nil.
    static func matching(_ headers: [String]) -> CSVTable? {
        allCases.first { Set($0.headers) == Set(headers) && $0.headers.count == headers.count }
    }
}

/// What a CSV import did.
///
/// ```swift
/// let report = try portfolio.importCSV(from: edited)
/// print(report)            // applications: 16 rows: 0 new, 1 updated, 15 unchanged
/// report.changes.first     // row 3 (line 3, application 7 of project 'LPR-2013-07'), Awarded: 1,000.00 EUR → 1,200.00 EUR
/// ```
public struct CSVImportReport: Equatable, Sendable, CustomStringConvertible {
    /// The table the headers named.
    public var table: CSVTable
    /// Data rows read.
    public var rows = 0
    /// Rows that created a record, changed one, or matched the database.
    public var created = 0, updated = 0, unchanged = 0
    /// Every cell that changed the database, as `row, column: old → new`.
    public var changes: [String] = []
    /// Dates a spreadsheet program rewrote (`14/05/2013`) and how they were read.
    public var dateGuesses: [DateGuess] = []
    /// Amounts rounded because rounding was allowed.
    public var roundings: [AmountRounding] = []

    /// Creates an empty report.
    public init(table: CSVTable) { self.table = table }

    public var description: String {
        var text = "\(table): " + interopCounted(rows, "row", "rows") + ": \(created) new, \(updated) updated, \(unchanged) unchanged"
        if !dateGuesses.isEmpty { text += "; " + interopCounted(dateGuesses.count, "date guess", "date guesses") }
        if !roundings.isEmpty { text += "; " + interopCounted(roundings.count, "amount rounded", "amounts rounded") }
        return text
    }
}
