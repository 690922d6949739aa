import Foundation
import SQLiteCore

/// The formats rows can be written in.
public enum TabularFormat: String, Sendable, Hashable, CaseIterable {
    /// A ``TextTable`` for people: aligned columns, numbers right-aligned.
    case table
    /// CSV (RFC 4180), see ``CSVWriter``.
    case csv
    /// A JSON array of objects whose keys are the column names, in column order.
    case json
}

/// Writes rows of `SQLiteValue`s (a query's result, a list of tables) as a
/// table, CSV or JSON.
///
/// ```swift
/// var writer = TabularWriter(format: .csv, columns: ["key", "value"], output: "")
/// writer.writeRow([.text("application"), .text("GrantPortfolio")])
/// writer.finish()
/// writer.output  // "key,value\r\napplication,GrantPortfolio\r\n"
/// ```
///
/// CSV and JSON are streamed: each row is written to `output` as it comes.
/// A table needs every row to know the column widths, so it is written by
/// ``finish()``. Values are shown as ``ValueRendering`` describes: NULL is an
/// empty cell in a table or CSV and `null` in JSON; a BLOB is `X'hex'` in a
/// table or CSV and `{"$base64": true, "encoded": "…"}` in JSON.
public struct TabularWriter<Output: TextOutputStream> {
    /// The format.
    public let format: TabularFormat
    /// The column names.
    public let columns: [String]
    /// The stream written to.
    public var output: Output

    private let alignments: [TextTable.Alignment]?
    private let jsonStyle: JSONStyle
    private var bufferedRows: [[SQLiteValue]] = []
    private var rowCount = 0
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
        self.jsonStyle = jsonStyle
        switch format {
        case .csv:
            if byteOrderMark { self.output.write("\u{FEFF}") }
            if !columns.isEmpty { writeCSVLine(columns) }
        case .json:
            self.output.write("[")
        case .table:
            break
        }
    }

    /// Writes one row; its values are in column order.
    public mutating func writeRow(_ values: [SQLiteValue]) {
        precondition(!isFinished, "TabularWriter: writeRow(_:) after finish()")
        switch format {
        case .table:
            bufferedRows.append(values)
        case .csv:
            writeCSVLine(values.map(ValueRendering.text))
        case .json:
            var members: [(key: String, value: JSONValue)] = []
            members.reserveCapacity(columns.count)
            for (index, column) in columns.enumerated() {
                members.append((key: column, value: index < values.count ? ValueRendering.json(values[index]) : .null))
            }
            var text = ""
            JSONRendering.appendElement(.object(members), to: &text, style: jsonStyle, isFirst: rowCount == 0)
            output.write(text)
        }
        rowCount += 1
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
            output.write(JSONRendering.arrayEnd(style: jsonStyle, isEmpty: rowCount == 0))
        }
    }

    private mutating func writeCSVLine(_ fields: [String]) {
        var line = fields.map(CSVField.escaped).joined(separator: ",")
        if fields.count == 1 && fields[0].isEmpty { line = "\"\"" }
        output.write(line + "\r\n")
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

/// How one `SQLiteValue` is shown in each output format.
///
/// ```swift
/// ValueRendering.text(.integer(42))           // "42"
/// ValueRendering.text(.null)                  // ""
/// ValueRendering.text(.blob(Data([1, 255])))  // "X'01FF'"
/// ValueRendering.json(.blob(Data([1, 255])))  // {"$base64": true, "encoded": "Af8="}
/// ```
public enum ValueRendering {
    /// The text of a table or CSV cell: NULL is empty; integers in full;
    /// reals in their shortest exact form (`0.1`, `1e+20`, `Inf`); text as is;
    /// a BLOB as SQLite's blob literal, `X'` and uppercase hex digits and `'`.
    public static func text(_ value: SQLiteValue) -> String {
        switch value {
        case .null: ""
        case .integer(let int): String(int)
        // SQLite REAL (never money, which is INTEGER minor units): its shortest exact text.
        case .real(let value): value.isInfinite ? (value < 0 ? "-Inf" : "Inf") : value.description
        case .text(let string): string
        case .blob(let data): "X'" + hex(data) + "'"
        }
    }

    /// The JSON of a value: NULL is `null`; integers and reals are numbers
    /// (an infinite real is `9e999` or `-9e999`, as SQLite's JSON functions
    /// write it); text is a string; a BLOB is an object
    /// `{"$base64": true, "encoded": "…"}` holding its bytes in base64, the
    /// convention of sqlite-utils.
    public static func json(_ value: SQLiteValue) -> JSONValue {
        switch value {
        case .null: return .null
        case .integer(let int): return .number(String(int))
        case .real(let double):
            if double.isFinite { return .number(double.description) }
            if double.isNaN { return .null }
            return .number(double < 0 ? "-9e999" : "9e999")
        case .text(let string): return .string(string)
        case .blob(let data):
            return .object([(key: "$base64", value: .bool(true)), (key: "encoded", value: .string(data.base64EncodedString()))])
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func hex(_ data: Data) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(data.count * 2)
        for byte in data {
            bytes.append(hexDigits[Int(byte >> 4)])
            bytes.append(hexDigits[Int(byte & 0xF)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
