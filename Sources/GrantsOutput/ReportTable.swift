import GrantPortfolio
import SQLiteCore

/// Rows with columns, to print as an aligned table, CSV or JSON: what the
/// command line prints and the web dashboard serves, written the same way.
///
/// ```swift
/// var table = ReportTable(columns: [.init("reference"), .init("applications", alignment: .right)])
/// table.append(["LPR-2009-01", "1"])
/// table.text(.json)   // [{"reference": "LPR-2009-01", "applications": 1}]
/// ```
public struct ReportTable: Sendable {
    /// The columns: their headers and alignments.
    public var columns: [TextTable.Column]
    /// The rows, each a cell per column, as text.
    public var rows: [[String]] = []

    /// A table with `columns` and no rows.
    public init(columns: [TextTable.Column]) { self.columns = columns }

    /// Adds a row, a cell per column.
    public mutating func append(_ row: [String]) { rows.append(row) }

    /// `row` as values for a ``TabularWriter``: a whole number in a
    /// right-aligned column (a count) is an integer, so JSON shows it as a
    /// number; every other cell is text.
    public func values(_ row: [String]) -> [SQLiteValue] {
        columns.indices.map { index in
            let cell = index < row.count ? row[index] : ""
            return columns[index].alignment == .right ? QueryParameter.inferredValue(cell) : .text(cell)
        }
    }

    /// The whole table through a ``TabularWriter``: aligned text, RFC 4180 CSV
    /// or a pretty JSON array of objects.
    public func text(_ format: TabularFormat) -> String {
        var writer = TabularWriter(
            format: format, columns: columns.map(\.header), output: "", alignments: columns.map(\.alignment))
        for row in rows { writer.writeRow(values(row)) }
        writer.finish()
        return writer.output
    }
}

/// The project tables the command line prints and the web dashboard serves.
public enum ProjectTables {
    /// One line per project of a search, as `grants projects list` prints it:
    /// reference, title, outcome, latest status, applications, first submission.
    /// With `machine`, the headers are the snake_case names of CSV and JSON.
    public static func list(_ projects: [ProjectSummary], machine: Bool) -> ReportTable {
        var table = ReportTable(columns: [
            .init(machine ? "reference" : "Reference"), .init(machine ? "title" : "Title"),
            .init(machine ? "outcome" : "Outcome"), .init(machine ? "latest_status" : "Latest status"),
            .init(machine ? "applications" : "Apps", alignment: .right),
            .init(machine ? "first_submitted_on" : "First submitted"),
        ])
        for project in projects {
            table.append([
                project.reference, project.title, project.outcome.rawValue, project.latestStatus?.rawValue ?? "",
                String(project.applicationCount), project.firstSubmittedOn?.description ?? "",
            ])
        }
        return table
    }
}
