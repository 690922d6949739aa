import GrantPortfolio

/// Rows with columns, to print as an aligned table or as CSV.
struct ReportTable {
    var columns: [TextTable.Column]
    var rows: [[String]] = []

    mutating func append(_ row: [String]) { rows.append(row) }
}

/// Collects a command's output and writes it to standard output at the end.
struct CommandReport {
    let format: OutputFormat
    private var text = ""

    init(format: OutputFormat) { self.format = format }

    /// A line of text (table format).
    mutating func line(_ line: String) { text += line + "\n" }

    /// A table: aligned in table format (each line indented by `indent`
    /// spaces), RFC 4180 in csv, an array of objects in json.
    mutating func rows(_ table: ReportTable, indent: Int = 0) {
        switch format {
        case .table:
            let rendered = TextTable(columns: table.columns, rows: table.rows).render()
            let margin = String(repeating: " ", count: indent)
            for line in rendered.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                text += (line.isEmpty ? "" : margin) + line + "\n"
            }
        case .csv:
            var csv = CSVWriter(output: "")
            csv.writeRow(table.columns.map(\.header))
            for row in table.rows { csv.writeRow(row) }
            text += csv.output
        case .json:
            let objects: [JSONValue] = table.rows.map { row in
                .object(table.columns.enumerated().map { index, column in
                    let cell = index < row.count ? row[index] : ""
                    // Counts in right-aligned columns are numbers; everything else is text.
                    let isCount = column.alignment == .right && Int64(cell) != nil
                    return (key: column.header, value: isCount ? JSONValue.number(cell) : .string(cell))
                })
            }
            text += JSONValue.array(objects).jsonText() + "\n"
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
