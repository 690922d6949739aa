import Foundation

/// Folds text for case- and diacritic-insensitive search:
/// `"Latgales plānošanas reģions"` → `"latgales planosanas regions"`,
/// `"Trøndelag"` → `"trondelag"`.
enum SearchText {
    static func fold(_ text: String) -> String {
        var folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        // Letters that are not a base letter plus a combining mark, so folding keeps them.
        for (letter, replacement) in [("ø", "o"), ("æ", "ae"), ("œ", "oe"), ("ß", "ss"), ("đ", "d"), ("ł", "l"), ("ħ", "h"), ("ı", "i")] {
            folded = folded.replacingOccurrences(of: letter, with: replacement)
        }
        return folded
    }

    /// The folded text stored for a project.
    static func forProject(reference: String, title: String, originalTitle: String?) -> String {
        fold([reference, title, originalTitle ?? ""].joined(separator: "\n"))
    }

    /// A `LIKE` pattern that matches `text` anywhere, with `%`, `_` and the
    /// escape character itself escaped (use with `ESCAPE '\'`).
    static func likePattern(containing text: String) -> String {
        var escaped = ""
        for character in fold(text) {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%" + escaped + "%"
    }
}
