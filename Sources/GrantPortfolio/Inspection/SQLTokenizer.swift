/// A minimal SQL tokenizer for the checks of ``AdHocQuery``: enough of
/// SQLite's lexical rules to find the leading keyword, the parts of a
/// `PRAGMA`, and function names, with comments and string literals skipped
/// correctly. It does not validate SQL; SQLite's own parser does that when the
/// statement is prepared.
struct SQLTokenizer {
    enum Token: Equatable {
        /// A bare word (keyword or identifier), as written.
        case word(String)
        /// A quoted identifier (`"x"`, `[x]`, `` `x` ``), unquoted.
        case quotedIdentifier(String)
        /// A string literal, unquoted.
        case string(String)
        /// A number, a blob literal, or a parameter, as written.
        case literal(String)
        /// One punctuation or operator character.
        case symbol(Character)

        /// The name this token spells when it is a bare word or a quoted identifier.
        var name: String? {
            switch self {
            case .word(let text), .quotedIdentifier(let text): text
            default: nil
            }
        }

        /// The uppercased text of a bare word.
        var keyword: String? {
            if case .word(let text) = self { return text.uppercased() }
            return nil
        }
    }

    /// The tokens of `sql`, without white space and comments.
    static func tokens(_ sql: String) -> [Token] {
        let scalars = Array(sql.unicodeScalars)
        var tokens: [Token] = []
        var index = 0

        func isWordStart(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "_" || scalar.value > 0x7F || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
        }
        func isWordPart(_ scalar: Unicode.Scalar) -> Bool {
            isWordStart(scalar) || scalar == "$" || ("0"..."9").contains(scalar)
        }
        func text(_ range: Range<Int>) -> String {
            var string = ""
            string.unicodeScalars.append(contentsOf: scalars[range])
            return string
        }
        /// Reads up to the closing `close`, where a doubled `close` stands for itself.
        func quoted(close: Unicode.Scalar, doubling: Bool) -> String {
            var value = ""
            index += 1
            while index < scalars.count {
                let scalar = scalars[index]
                if scalar == close {
                    if doubling, index + 1 < scalars.count, scalars[index + 1] == close {
                        value.unicodeScalars.append(close)
                        index += 2
                        continue
                    }
                    index += 1
                    return value
                }
                value.unicodeScalars.append(scalar)
                index += 1
            }
            return value
        }

        while index < scalars.count {
            let scalar = scalars[index]
            let next: Unicode.Scalar? = index + 1 < scalars.count ? scalars[index + 1] : nil
            if scalar.properties.isWhitespace {
                index += 1
            } else if scalar == "-", next == "-" {
                while index < scalars.count, scalars[index] != "\n" { index += 1 }
            } else if scalar == "/", next == "*" {
                index += 2
                while index < scalars.count, !(scalars[index] == "*" && index + 1 < scalars.count
                    && scalars[index + 1] == "/")
                {
                    index += 1
                }
                index = min(index + 2, scalars.count)
            } else if scalar == "'" {
                tokens.append(.string(quoted(close: "'", doubling: true)))
            } else if scalar == "\"" {
                tokens.append(.quotedIdentifier(quoted(close: "\"", doubling: true)))
            } else if scalar == "`" {
                tokens.append(.quotedIdentifier(quoted(close: "`", doubling: true)))
            } else if scalar == "[" {
                tokens.append(.quotedIdentifier(quoted(close: "]", doubling: false)))
            } else if (scalar == "x" || scalar == "X"), next == "'" {
                let start = index
                index += 1
                _ = quoted(close: "'", doubling: false)
                tokens.append(.literal(text(start..<index)))
            } else if isWordStart(scalar) {
                let start = index
                while index < scalars.count, isWordPart(scalars[index]) { index += 1 }
                tokens.append(.word(text(start..<index)))
            } else if ("0"..."9").contains(scalar) || (scalar == "." && next.map { ("0"..."9").contains($0) } == true) {
                let start = index
                while index < scalars.count {
                    let current = scalars[index]
                    if isWordPart(current) || current == "." {
                        index += 1
                    } else if (current == "+" || current == "-"),
                        scalars[index - 1] == "e" || scalars[index - 1] == "E"
                    {
                        index += 1
                    } else {
                        break
                    }
                }
                tokens.append(.literal(text(start..<index)))
            } else if scalar == "?" || scalar == ":" || scalar == "@" || scalar == "$" || scalar == "#" {
                let start = index
                index += 1
                while index < scalars.count, isWordPart(scalars[index]) || scalars[index] == ":" { index += 1 }
                tokens.append(.literal(text(start..<index)))
            } else {
                tokens.append(.symbol(Character(scalar)))
                index += 1
            }
        }
        // Trailing semicolons end the statement; they are not part of it.
        while tokens.last == .symbol(";") { tokens.removeLast() }
        return tokens
    }
}
