import SQLiteCore

/// Derives the handles of records an import creates (organisations, people,
/// funding sources) from their identifiers, so that the same file always
/// gives the same handles.
enum Handles {
    /// `GB-CHC-1159982` → `gb-chc-1159982`, `Ｃafé & Co` → `cafe-co`: folded
    /// to lower-case ASCII letters and digits, anything else a single `-`,
    /// at most `maxLength` bytes; `fallback` when nothing is left.
    static func slug(_ text: String, fallback: String, maxLength: Int = 120) -> String {
        var slug = ""
        var pendingDash = false
        for scalar in SearchText.fold(text).unicodeScalars {
            let value = scalar.value
            if (97...122).contains(value) || (48...57).contains(value) {
                if pendingDash && !slug.isEmpty { slug.append("-") }
                pendingDash = false
                slug.unicodeScalars.append(scalar)
                if slug.utf8.count >= maxLength { break }
            } else if (65...90).contains(value) {
                if pendingDash && !slug.isEmpty { slug.append("-") }
                pendingDash = false
                slug.unicodeScalars.append(Unicode.Scalar(value + 32)!)
                if slug.utf8.count >= maxLength { break }
            } else {
                pendingDash = true
            }
        }
        return slug.isEmpty ? fallback : slug
    }

    /// Tables whose `handle` column is unique.
    enum Table: String {
        case organisation, person, fundingSource = "funding_source"
    }

    /// `base` if no row of `table` has it, else `base-2`, `base-3`, … the first free one.
    static func unique(_ base: String, in table: Table, db: Connection) throws -> String {
        let sql: String
        switch table {
        case .organisation: sql = "SELECT count(*) FROM organisation WHERE handle = ?"
        case .person: sql = "SELECT count(*) FROM person WHERE handle = ?"
        case .fundingSource: sql = "SELECT count(*) FROM funding_source WHERE handle = ?"
        }
        var candidate = base
        var number = 1
        while (try Int64.fetchOne(db, sql: sql, arguments: [candidate]) ?? 0) > 0 {
            number += 1
            candidate = base + "-\(number)"
        }
        return candidate
    }
}
