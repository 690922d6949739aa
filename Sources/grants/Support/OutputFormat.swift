import ArgumentParser
import Foundation
import GrantPortfolio
import GrantsOutput
import SQLiteCore

/// The `--format table|csv|json` of the commands that print rows.
///
/// - `table`: aligned columns for people; numbers right-aligned; NULL is an
///   empty cell; a BLOB is `X'hex'`.
/// - `csv`: RFC 4180 with a header line and CRLF line ends; NULL is an empty
///   field; a BLOB is `X'hex'`.
/// - `json`: an array of objects, keys in column order; NULL is `null`; a BLOB
///   is `{"$base64": true, "encoded": "…"}`.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    case table, csv, json

    var tabular: TabularFormat {
        switch self {
        case .table: .table
        case .csv: .csv
        case .json: .json
        }
    }

    /// The help text of a `--format` option.
    static let help = ArgumentHelp(
        "How to print the rows: table, csv or json.",
        discussion: """
            table aligns columns for reading; csv is RFC 4180 (CRLF line ends, a \
            header line); json is an array of objects whose keys are the column names \
            in order. NULL is an empty cell in table and csv, null in json; a BLOB is \
            X'hex' in table and csv and {"$base64": true, "encoded": "..."} in json.
            """,
        valueName: "format")
}

/// The `--format` option, shared by the commands that print rows.
struct OutputOptions: ParsableArguments {
    @Option(help: OutputFormat.help)
    var format: OutputFormat = .table
}

/// Writes rows to standard output in the chosen format, streaming CSV and
/// JSON as the rows come.
struct RowPrinter {
    private let stdout: FileHandleOutputStream
    private var writer: TabularWriter<FileHandleOutputStream>

    init(format: OutputFormat, columns: [String], alignments: [TextTable.Alignment]? = nil) {
        let stdout = FileHandleOutputStream(.standardOutput)
        self.stdout = stdout
        self.writer = TabularWriter(format: format.tabular, columns: columns, output: stdout, alignments: alignments)
    }

    mutating func write(_ row: [SQLiteValue]) throws {
        writer.writeRow(row)
        // Surface a closed pipe early rather than after the last row.
        try stdout.flushIfFailed()
    }

    /// Ends the output and writes out everything buffered.
    mutating func finish() throws {
        writer.finish()
        try stdout.flush()
    }
}

extension FileHandleOutputStream {
    /// Throws the stream's write error, if one happened; otherwise does nothing.
    fileprivate func flushIfFailed() throws {
        if hasFailed { try flush() }
    }
}
