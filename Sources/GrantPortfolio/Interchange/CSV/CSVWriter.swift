/// Writes CSV as RFC 4180 describes it, one row at a time, to any
/// `TextOutputStream` (a `String`, or a stream to a file or standard output,
/// so that the rows are never all held in memory).
///
/// ```swift
/// var csv = CSVWriter(output: "")
/// csv.writeRow(["reference", "title"])
/// csv.writeRow(["LPR-2013-07", "Roads, \"green\" bridges"])
/// csv.output  // "reference,title\r\nLPR-2013-07,\"Roads, \"\"green\"\" bridges\"\r\n"
/// ```
///
/// The rules:
/// - every record ends with CRLF (`\r\n`), the last one included;
/// - a field is quoted (`"…"`) when it contains a comma, a double quote, CR
///   or LF, or begins or ends with a space or tab (so that tools that trim
///   unquoted fields keep them); a double quote inside is written twice;
/// - an empty field is written as nothing, except that a record made of one
///   empty field is written `""`, so it is not read as a blank line;
/// - with `byteOrderMark: true` the output starts with U+FEFF, which
///   spreadsheet programs need to read UTF-8 correctly.
///
/// See <https://www.rfc-editor.org/rfc/rfc4180>.
public struct CSVWriter<Output: TextOutputStream> {
    /// The stream written to.
    public var output: Output

    /// Creates a writer on `output`, writing a UTF-8 byte order mark first when asked.
    public init(output: Output, byteOrderMark: Bool = false) {
        self.output = output
        if byteOrderMark { self.output.write("\u{FEFF}") }
    }

    /// Writes one record.
    public mutating func writeRow<Fields: Sequence>(_ fields: Fields) where Fields.Element: StringProtocol {
        var line = ""
        var count = 0
        var onlyEmpty = true
        for field in fields {
            if count > 0 { line += "," }
            line += CSVField.escaped(field)
            if !field.isEmpty { onlyEmpty = false }
            count += 1
        }
        if count == 1 && onlyEmpty { line = "\"\"" }
        line += "\r\n"
        output.write(line)
    }
}

/// One CSV field, by the rules of ``CSVWriter``.
public enum CSVField {
    /// `field` as it appears in a CSV record: quoted when it must be, else as is.
    ///
    /// ```swift
    /// CSVField.escaped("a,b")          // "\"a,b\""
    /// CSVField.escaped("say \"hi\"")   // "\"say \"\"hi\"\"\""
    /// CSVField.escaped("plain")        // "plain"
    /// ```
    public static func escaped<Field: StringProtocol>(_ field: Field) -> String {
        let field = String(field)
        var needsQuotes = false
        for byte in field.utf8 {
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D {
                needsQuotes = true
                break
            }
        }
        if let first = field.utf8.first, first == 0x20 || first == 0x09 { needsQuotes = true }
        if let last = field.utf8.last, last == 0x20 || last == 0x09 { needsQuotes = true }
        guard needsQuotes else { return field }
        var quoted = "\""
        for character in field.unicodeScalars {
            if character == "\"" { quoted += "\"\"" } else { quoted.unicodeScalars.append(character) }
        }
        quoted += "\""
        return quoted
    }
}
