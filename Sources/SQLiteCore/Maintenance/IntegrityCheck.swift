extension Connection {
    /// Runs `PRAGMA integrity_check` and `PRAGMA foreign_key_check` and returns
    /// the problems found, one line each; an empty array means the file is sound.
    ///
    /// ```swift
    /// let problems = try db.integrityProblems()
    /// if problems.isEmpty { print("ok") } else { problems.forEach { print($0) } }
    /// ```
    ///
    /// See <https://www.sqlite.org/pragma.html#pragma_integrity_check>.
    ///
    /// - Throws: ``SQLiteError`` when SQLite cannot run the checks (`busy`, `notADatabase`); problems it finds are
    ///   returned, not thrown.
    public func integrityProblems() throws -> [String] {
        let integrity = try String.fetchAll(self, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
        let foreignKeys = try fetchAll(sql: "PRAGMA foreign_key_check") { row in
            let table: String = try row[0]
            let rowid: Int64? = try row[1]
            let parent: String = try row[2]
            return "foreign key: \(table) row \(rowid.map(String.init) ?? "?") references a missing \(parent) row"
        }
        return integrity + foreignKeys
    }
}
