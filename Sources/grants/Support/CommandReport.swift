import GrantPortfolio
import GrantsOutput
import SQLiteCore

/// Collects a command's output and writes it to standard output at the end.
struct CommandReport {
    let format: OutputFormat
    private var text = ""

    init(format: OutputFormat) { self.format = format }

    /// A line of text (table format).
    mutating func line(_ line: String) { text += line + "\n" }

    /// Adds text as it is.
    mutating func append(_ more: String) { text += more }

    /// A table through ``TabularWriter``: aligned in table format (each line
    /// indented by `indent` spaces), RFC 4180 in csv, an array of objects in json.
    mutating func rows(_ table: ReportTable, indent: Int = 0) {
        let output = table.text(format.tabular)
        guard format == .table, indent > 0 else {
            text += output
            return
        }
        let margin = String(repeating: " ", count: indent)
        for line in output.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
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
