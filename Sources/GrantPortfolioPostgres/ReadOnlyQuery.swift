import Foundation
import PostgresNIO

/// The rows of a read-only query, as text.
public struct CentralQueryResult: Sendable, Hashable {
    /// The column names.
    public var columns: [String]
    /// Each row's values as PostgreSQL prints them (nil: NULL).
    public var rows: [[String?]]
}

extension CentralDatabase {
    /// Runs one statement read-only twice over: in a `READ ONLY` transaction,
    /// as `role` (`SET LOCAL ROLE`), which should have no write grants.
    /// `parameters` are bound to `$1`, `$2`, … as text; nothing is spliced.
    ///
    /// - Throws: ``CentralError/server(message:sqlState:)`` when the statement
    ///   fails, writes, or the role is missing or not granted to the user.
    public func readOnlyQuery(_ sql: String, parameters: [String] = [], role: String = "grants_reader") async throws
        -> CentralQueryResult
    {
        try await transaction(readOnly: true) {
            let quoted = try await rows("SELECT quote_ident($1)", [.text(role)]).first?.text(0) ?? "\"\""
            try await execute("SET LOCAL ROLE \(quoted)")
            let result = try await rows(sql, parameters.map { .text($0) })
            var columns: [String] = []
            var values: [[String?]] = []
            for row in result {
                if columns.isEmpty { columns = row.map(\.columnName) }
                values.append(row.map(Self.text))
            }
            return CentralQueryResult(columns: columns, rows: values)
        }
    }

    /// A cell as text: NULL as nil, the types PostgresNIO decodes as
    /// themselves, anything else as its wire bytes (text format) or a note.
    static func text(_ cell: PostgresCell) -> String? {
        guard var bytes = cell.bytes else { return nil }
        if cell.format == .text { return bytes.readString(length: bytes.readableBytes) }
        if let value = try? cell.decode(String.self) { return value }
        if let value = try? cell.decode(Int64.self) { return String(value) }
        if let value = try? cell.decode(Int32.self) { return String(value) }
        if let value = try? cell.decode(Int16.self) { return String(value) }
        if let value = try? cell.decode(Bool.self) { return value ? "true" : "false" }
        if let value = try? cell.decode(Double.self) { return String(value) }
        if let value = try? cell.decode(Float.self) { return String(value) }
        if let value = try? cell.decode(Date.self) { return ISO8601DateFormatter().string(from: value) }
        return "(\(cell.dataType) value; cast it to text)"
    }
}
