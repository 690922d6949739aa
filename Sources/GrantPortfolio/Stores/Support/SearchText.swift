import Foundation

/// Folds text for case- and diacritic-insensitive search:
/// `"Latgales plānošanas reģions"` → `"latgales planosanas regions"`,
/// `"Trøndelag"` → `"trondelag"`.
enum SearchText {
    static func fold(_ text: String) -> String {
        // SQLite's LIKE stops at a NUL, in the text and in the pattern: NUL
        // becomes U+FFFD, so text after it is still found, and a pattern with
        // one does not match everything that shares its start.
        if text.utf8.contains(0) { return fold(text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}")) }
        // ASCII text (most references and many titles) has no diacritics and
        // no wide forms: folding it is lower-casing it, without Foundation.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        // ASCII and precomposed Latin letters (Latvian, Lithuanian, Polish,
        // Norwegian titles): each folds on its own, to what Foundation folds
        // it to, looked up in a table Foundation filled once. Anything else
        // (a combining mark, another script) folds the whole text below.
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                result.append((0x41...0x5A).contains(value) ? Unicode.Scalar(UInt8(value) | 0x20) : scalar)
            } else if latinRange.contains(value) {
                result.append(contentsOf: latinFolds[Int(value - latinRange.lowerBound)])
            } else {
                return foldWithFoundation(text)
            }
        }
        return String(result)
    }

    /// Precomposed Latin letters: Latin-1 Supplement, Latin Extended-A and -B.
    private static let latinRange: ClosedRange<UInt32> = 0xC0...0x24F

    /// What ``foldWithFoundation(_:)`` makes of each scalar of ``latinRange``, computed once.
    private static let latinFolds: [String.UnicodeScalarView] = latinRange.map { value in
        foldWithFoundation(String(Character(Unicode.Scalar(value)!))).unicodeScalars
    }

    /// The folding itself, by Foundation (``fold(_:)`` gives the same, faster).
    static func foldWithFoundation(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        // Letters that are not a base letter plus a combining mark, so folding
        // keeps them; replaced in one pass (each is a single scalar).
        var result = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars {
            switch scalar {
            case "ø": result.append("o")
            case "æ": result.append(contentsOf: "ae".unicodeScalars)
            case "œ": result.append(contentsOf: "oe".unicodeScalars)
            case "ß": result.append(contentsOf: "ss".unicodeScalars)
            case "đ": result.append("d")
            case "ł": result.append("l")
            case "ħ": result.append("h")
            case "ı": result.append("i")
            default: result.append(scalar)
            }
        }
        return String(result)
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
