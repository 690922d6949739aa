import Crypto
import SQLiteCore

/// The rows of a table in COPY's text format, end to end in one byte array,
/// each line followed by its newline.
///
/// A publish reads every row of a portfolio file into these: a row costs its
/// bytes and one offset, not a `String`, is hashed where it lies, and any
/// subset of the rows is sent to COPY as it is.
struct CopyRows: Sendable {
    /// The lines, each followed by `\n`.
    private(set) var bytes: [UInt8] = []
    /// Where each line ends, after its newline.
    private(set) var ends: [Int] = []

    init() {}

    /// Lines that hold no newline.
    init(lines: [String]) {
        for line in lines { append(line: line) }
    }

    var count: Int { ends.count }
    var isEmpty: Bool { ends.isEmpty }

    /// Where line `index` lies in ``bytes``, its newline included.
    func range(of index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    /// Appends the current row of a statement: its columns as COPY text,
    /// tab-separated, read in place.
    mutating func append(_ row: Row) {
        append(row, columns: row.count)
    }

    /// Appends the first `columns` columns of the current row of a statement.
    mutating func append(_ row: Row, columns: Int) {
        for index in 0..<columns {
            if index > 0 { bytes.append(0x09) }
            CopyText.append(row.column(index), to: &bytes)
        }
        endLine()
    }

    /// Appends a row of values.
    mutating func append(_ values: [SQLiteValue]) {
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(0x09) }
            CopyText.append(value, to: &bytes)
        }
        endLine()
    }

    /// Appends a line that holds no newline.
    mutating func append(line: String) {
        bytes.append(contentsOf: line.utf8)
        endLine()
    }

    private mutating func endLine() {
        bytes.append(0x0A)
        ends.append(bytes.count)
    }

    /// Line `index`, without its newline.
    func line(_ index: Int) -> String {
        String(decoding: bytes[range(of: index)].dropLast(), as: UTF8.self)
    }

    /// Every line, without their newlines.
    var lines: [String] { (0..<count).map(line) }

    /// The rows at `indices`, in their order.
    func subset(_ indices: some Sequence<Int>) -> CopyRows {
        var rows = CopyRows()
        for index in indices {
            rows.bytes.append(contentsOf: bytes[range(of: index)])
            rows.ends.append(rows.bytes.count)
        }
        return rows
    }

    /// Feeds line `index`, with its newline, to `hasher`.
    func hash(_ index: Int, into hasher: inout SHA256) {
        let range = range(of: index)
        bytes.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    /// Feeds every line, with their newlines, to `hasher`.
    func hashAll(into hasher: inout SHA256) {
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
    }
}
