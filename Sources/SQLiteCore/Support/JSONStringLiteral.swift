/// Text as a JSON string literal (RFC 8259, and SQLite's `json_quote`): in
/// double quotes, with `"` and `\` escaped, and control characters,
/// DEL, U+2028 and U+2029 written as escapes, so any text fits on one line.
///
/// ```swift
/// JSONStringLiteral.quoted("my \"odd\"\ttable")  // "\"my \\\"odd\\\"\\ttable\""
/// ```
///
/// Messages quote the names they show with it (``DatabaseInspector/UnknownTable``,
/// ``AdHocQueryError``); GrantPortfolio's JSON writer writes every string
/// with it. It is shared within the package, not public API.
package enum JSONStringLiteral {
    /// `string` as a JSON string literal, quotes included.
    package static func quoted(_ string: String) -> String {
        var text = ""
        append(string, to: &text)
        return text
    }

    /// Appends `string` to `text` as a JSON string literal, quotes included.
    package static func append(_ string: String, to text: inout String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028
                || scalar.value == 0x2029:
                let value = scalar.value
                text += "\\u"
                for shift in stride(from: 12, through: 0, by: -4) {
                    text.unicodeScalars.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)])
                }
            default:
                text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }

    private static let hexDigits = Array("0123456789abcdef".unicodeScalars)
}
