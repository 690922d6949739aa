import GrantPortfolio
import GrantsOutput
import SQLiteCore

/// Rows with columns, to print as an aligned table, CSV or JSON.
struct ReportTable {
    var columns: [TextTable.Column]
    var rows: [[String]] = []

    mutating func append(_ row: [String]) { rows.append(row) }

    /// `row` as values for a ``TabularWriter``: a whole number in a
    /// right-aligned column (a count) is an integer, so JSON shows it as a
    /// number; every other cell is text.
    func values(_ row: [String]) -> [SQLiteValue] {
        columns.indices.map { index in
            let cell = index < row.count ? row[index] : ""
            return columns[index].alignment == .right ? QueryParameter.inferredValue(cell) : .text(cell)
        }
    }
}

/// Collects a command's output and writes it to standard output at the end.
struct CommandReport {
    let format: OutputFormat
    private var text = ""

    init(format: OutputFormat) { self.format = format }

    /// A line of text (table format).
    mutating func line(_ line: String) { text += line + "\n" }

    /// A table through ``TabularWriter``: aligned in table format (each line
    /// indented by `indent` spaces), RFC 4180 in csv, an array of objects in json.
    mutating func rows(_ table: ReportTable, indent: Int = 0) {
        var writer = TabularWriter(
            format: format.tabular, columns: table.columns.map(\.header), output: "",
            alignments: table.columns.map(\.alignment))
        for row in table.rows { writer.writeRow(table.values(row)) }
        writer.finish()
        guard format == .table, indent > 0 else {
            text += writer.output
            return
        }
        let margin = String(repeating: " ", count: indent)
        for line in writer.output.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            text += (line.isEmpty ? "" : margin) + line + "\n"
        }
    }

    /// A whole JSON document.
    mutating func json(_ value: JSONValue) { text += value.jsonText() + "\n" }

    func finish() throws {
        let output = FileHandleOutputStream(.standardOutput)
        output.write(text)
        try output.flush()
    }
}
