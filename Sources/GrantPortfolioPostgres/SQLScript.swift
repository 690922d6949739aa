/// Splits a SQL script into its statements, at the semicolons outside
/// strings ('…', E'…'), quoted identifiers ("…"), dollar-quoted bodies
/// ($$…$$, $tag$…$tag$) and comments (-- …, /* … */), for a driver that
/// runs one statement at a time. Statements that hold only comments and
/// space are dropped.
enum SQLScript {
    static func statements(_ script: String) -> [String] {
        let chars = Array(script.unicodeScalars)
        var statements: [String] = []
        var current = String.UnicodeScalarView()
        var meaningful = false
        var index = 0

        func append(_ range: Range<Int>) {
            current.append(contentsOf: chars[range])
        }

        while index < chars.count {
            let c = chars[index]
            let next: Unicode.Scalar? = index + 1 < chars.count ? chars[index + 1] : nil
            switch c {
            case "-" where next == "-":
                let end = chars[index...].firstIndex(of: "\n") ?? chars.count
                append(index..<end)
                index = end
            case "/" where next == "*":
                var depth = 0
                var end = index
                while end < chars.count {
                    if chars[end] == "/", end + 1 < chars.count, chars[end + 1] == "*" { depth += 1; end += 2; continue }
                    if chars[end] == "*", end + 1 < chars.count, chars[end + 1] == "/" {
                        depth -= 1
                        end += 2
                        if depth == 0 { break }
                        continue
                    }
                    end += 1
                }
                append(index..<min(end, chars.count))
                index = min(end, chars.count)
            case "'", "\"":
                var end = index + 1
                while end < chars.count {
                    if chars[end] == c {
                        if end + 1 < chars.count, chars[end + 1] == c { end += 2; continue }
                        break
                    }
                    // E'…' strings escape with a backslash.
                    if c == "'", chars[end] == "\\", index > 0, chars[index - 1] == "E" || chars[index - 1] == "e" { end += 2; continue }
                    end += 1
                }
                append(index..<min(end + 1, chars.count))
                index = min(end + 1, chars.count)
                meaningful = true
            case "$":
                // $tag$ … $tag$, the tag empty or an identifier.
                var tagEnd = index + 1
                while tagEnd < chars.count, chars[tagEnd] == "_" || chars[tagEnd].properties.isAlphabetic
                    || (tagEnd > index + 1 && ("0"..."9").contains(chars[tagEnd])) { tagEnd += 1 }
                if tagEnd < chars.count, chars[tagEnd] == "$" {
                    let tag = Array(chars[index...tagEnd])
                    var end = tagEnd + 1
                    while end + tag.count <= chars.count, Array(chars[end..<end + tag.count]) != tag { end += 1 }
                    let close = min(end + tag.count, chars.count)
                    append(index..<close)
                    index = close
                } else {
                    current.append(c)
                    index += 1
                }
                meaningful = true
            case ";":
                if meaningful { statements.append(String(current).trimmingSpace) }
                current = String.UnicodeScalarView()
                meaningful = false
                index += 1
            default:
                current.append(c)
                if !c.properties.isWhitespace { meaningful = true }
                index += 1
            }
        }
        if meaningful { statements.append(String(current).trimmingSpace) }
        return statements
    }
}

extension String {
    fileprivate var trimmingSpace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
