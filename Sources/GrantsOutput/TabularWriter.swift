import GrantPortfolio
import SQLiteCore

/// Writes rows of `SQLiteValue`s (a query's result, a list of tables, a
/// command's report) as a table, CSV or JSON: the one way the command line
/// prints rows.
///
/// ```swift
/// var writer = TabularWriter(format: .csv, columns: ["key", "value"], output: "")
/// writer.writeRow([.text("application"), .text("GrantPortfolio")])
/// writer.finish()
/// writer.output  // "key,value\r\napplication,GrantPortfolio\r\n"
/// ```
///
/// CSV and JSON are streamed: each row is written to `output` as it comes,
/// through the library's `CSVWriter` and `JSONWriter`. A table needs every
/// row to know the column widths, so it is written by ``finish()``. Values
/// are shown as ``ValueRendering`` describes: NULL is an empty cell in a table
/// or CSV and `null` in JSON; a BLOB is `X'hex'` in a table or CSV and
/// `{"$base64": true, "encoded": "…"}` in JSON.
public struct TabularWriter<Output: TextOutputStream> {
    /// The format.
    public let format: TabularFormat
    /// The column names.
    public let columns: [String]
    /// The stream written to.
    public var output: Output

    private let alignments: [TextTable.Alignment]?
    private var csv: CSVWriter<String>
    private var json: JSONWriter<String>
    private var bufferedRows: [[SQLiteValue]] = []
    private var isFinished = false

    /// Creates a writer, writing the CSV header line (and byte order mark, if
    /// asked) at once.
    ///
    /// - Parameters:
    ///   - format: Table, CSV or JSON.
    ///   - columns: The column names, in order.
    ///   - output: The stream to write to.
    ///   - alignments: The table's column alignments. Default: a column is
    ///     right-aligned when all its non-NULL values are numbers.
    ///   - jsonStyle: Pretty (the default) or compact JSON.
    ///   - byteOrderMark: Whether CSV output starts with a UTF-8 byte order mark.
    public init(
        format: TabularFormat, columns: [String], output: Output,
        alignments: [TextTable.Alignment]? = nil, jsonStyle: JSONStyle = .pretty, byteOrderMark: Bool = false
    ) {
        self.format = format
        self.columns = columns
        self.output = output
        self.alignments = alignments
        self.csv = CSVWriter(output: "", byteOrderMark: format == .csv && byteOrderMark)
        self.json = JSONWriter(output: "", style: jsonStyle)
        switch format {
        case .csv: if !columns.isEmpty { csv.writeRow(columns) }
        case .json: json.beginArray()
        case .table: break
        }
        passOn()
    }

    /// Writes one row; its values are in column order.
    public mutating func writeRow(_ values: [SQLiteValue]) {
        precondition(!isFinished, "TabularWriter: writeRow(_:) after finish()")
        switch format {
        case .table:
            bufferedRows.append(values)
        case .csv:
            csv.writeRow(values.map(ValueRendering.text))
        case .json:
            json.writeElement(.object(columns.enumerated().map { index, column in
                (key: column, value: index < values.count ? ValueRendering.json(values[index]) : .null)
            }))
        }
        passOn()
    }

    /// Ends the output: renders the table, or closes the JSON array.
    public mutating func finish() {
        guard !isFinished else { return }
        isFinished = true
        switch format {
        case .table:
            guard !columns.isEmpty else { return }
            let alignments = self.alignments ?? columns.indices.map { index in
                TabularWriter.isNumericColumn(index, in: bufferedRows) ? .right : .left
            }
            var table = TextTable(headers: columns, alignments: alignments)
            for row in bufferedRows { table.append(row.map(ValueRendering.text)) }
            bufferedRows = []
            output.write(table.render())
        case .csv:
            break
        case .json:
            json.endArray()
            passOn()
        }
    }

    /// Moves what the CSV or JSON writer wrote on to `output`.
    private mutating func passOn() {
        if !csv.output.isEmpty {
            output.write(csv.output)
            csv.output = ""
        }
        if !json.output.isEmpty {
            output.write(json.output)
            json.output = ""
        }
    }

    private static func isNumericColumn(_ index: Int, in rows: [[SQLiteValue]]) -> Bool {
        var sawNumber = false
        for row in rows where index < row.count {
            switch row[index] {
            case .integer, .real: sawNumber = true
            case .null: continue
            case .text, .blob: return false
            }
        }
        return sawNumber
    }
}
