/// A plain-text table for people: a header row, a line of `-` under it, and
/// the rows, each column aligned by display width (terminal columns, see
/// ``DisplayWidth``), so Latvian, Norwegian and CJK text line up.
///
/// ```swift
/// var table = TextTable(columns: [
///     .init("Region"),
///     .init("Budget, EUR", alignment: .right),
/// ])
/// table.append(["Latgales plānošanas reģions", "3,228,810.00"])
/// table.append(["Trøndelag", "120,000.00"])
/// print(table.render(), terminator: "")
/// // Region                        Budget, EUR
/// // ---------------------------  ------------
/// // Latgales plānošanas reģions  3,228,810.00
/// // Trøndelag                      120,000.00
/// ```
///
/// Columns are separated by two spaces; lines never end in spaces. Numbers and
/// money belong in ``Alignment/right`` columns. Line breaks, tabs and other
/// control characters inside a cell are shown escaped (`\n`, `\t`, `\r`,
/// `\u{1B}`), so each row stays on one line. A row with fewer cells than
/// there are columns is padded with empty cells; extra cells are ignored.
public struct TextTable: Sendable, Hashable {
    /// How a column's cells are placed within its width.
    public enum Alignment: Sendable, Hashable {
        /// Text starts at the left edge (the default; for text).
        case left
        /// Text ends at the right edge (for numbers and money).
        case right
    }

    /// A column: its header and alignment.
    public struct Column: Sendable, Hashable {
        /// The header text.
        public var header: String
        /// How the header and cells are aligned.
        public var alignment: Alignment

        /// Creates a column.
        public init(_ header: String, alignment: Alignment = .left) {
            self.header = header
            self.alignment = alignment
        }
    }

    /// The columns, left to right.
    public var columns: [Column]
    /// The rows, each a list of cells in column order.
    public private(set) var rows: [[String]] = []
    /// The text between two columns. Default: two spaces.
    public var columnSeparator = "  "

    /// Creates a table with `columns` and, optionally, its rows.
    public init(columns: [Column], rows: [[String]] = []) {
        self.columns = columns
        self.rows = []
        for row in rows { append(row) }
    }

    /// Creates a table from headers, all columns left-aligned unless `alignments` says otherwise.
    public init(headers: [String], alignments: [Alignment] = []) {
        self.init(columns: headers.enumerated().map { index, header in
            Column(header, alignment: index < alignments.count ? alignments[index] : .left)
        })
    }

    /// Appends a row.
    public mutating func append(_ row: [String]) {
        rows.append(row.map(TextTable.printable))
    }

    /// The table as text: header, separator and rows, each line ending in `"\n"`.
    /// A table without columns renders as the empty string.
    public func render() -> String {
        guard !columns.isEmpty else { return "" }
        let headers = columns.map { TextTable.printable($0.header) }
        var widths = headers.map { DisplayWidth.of($0) }
        var rowWidths: [[Int]] = []
        rowWidths.reserveCapacity(rows.count)
        for row in rows {
            var cellWidths: [Int] = []
            cellWidths.reserveCapacity(columns.count)
            for index in columns.indices {
                let width = index < row.count ? DisplayWidth.of(row[index]) : 0
                cellWidths.append(width)
                widths[index] = max(widths[index], width)
            }
            rowWidths.append(cellWidths)
        }

        var output = ""
        func line(_ cells: [String], _ cellWidths: [Int]) {
            var text = ""
            for index in columns.indices {
                if index > 0 { text += columnSeparator }
                let cell = index < cells.count ? cells[index] : ""
                let padding = String(repeating: " ", count: widths[index] - cellWidths[index])
                switch columns[index].alignment {
                case .left: text += cell + padding
                case .right: text += padding + cell
                }
            }
            while text.last == " " { text.removeLast() }
            output += text
            output += "\n"
        }
        line(headers, headers.map { DisplayWidth.of($0) })
        line(widths.map { String(repeating: "-", count: $0) }, widths)
        for (row, cellWidths) in zip(rows, rowWidths) { line(row, cellWidths) }
        return output
    }

    /// `text` with control characters escaped, so that it stays on one line.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where isControl(scalar):
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)
            || scalar.value == 0x2028 || scalar.value == 0x2029
    }
}
