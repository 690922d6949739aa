import SQLiteCore

/// Checks unique columns before a write, for a message naming the record and field.
enum Uniqueness {
    /// Throws ``PortfolioError/duplicate(record:field:value:)`` when another row of
    /// `table` (not `excluding`) has `value` in `column`. Table and column names
    /// are the library's own constants, never user input.
    static func check(
        in db: Connection, table: StaticString, column: StaticString, value: String, excluding id: Int64?, record: RecordName
    ) throws {
        let sql = "SELECT count(*) FROM \(table) WHERE \(column) = ? AND id IS NOT ?"
        if (try Int64.fetchOne(db, sql: sql, arguments: [value, id]) ?? 0) > 0 {
            throw PortfolioError.duplicate(record: record, field: "\(column)", value: value)
        }
    }
}

/// Counts what refers to a row, to refuse its deletion with a clear message.
enum References {
    /// A list such as `2 projects, 1 participation`, empty when nothing refers
    /// to row `id`. Each entry is (table, foreign-key column, plural noun), the
    /// library's own constants.
    static func count(in db: Connection, id: Int64, _ references: [(StaticString, StaticString, String)]) throws -> String {
        var uses: [String] = []
        for (table, column, noun) in references {
            let count = try Int64.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE \(column) = ?", arguments: [id]) ?? 0
            if count > 0 { uses.append("\(count) \(noun)") }
        }
        return uses.joined(separator: ", ")
    }
}
