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
        switch cell.dataType {
        case .int8: return (try? cell.decode(Int64.self)).map { String($0) }
        case .int4: return (try? cell.decode(Int32.self)).map { String($0) }
        case .int2: return (try? cell.decode(Int16.self)).map { String($0) }
        case .bool: return (try? cell.decode(Bool.self)).map { $0 ? "true" : "false" }
        case .float8: return (try? cell.decode(Double.self)).map { String($0) }
        case .float4: return (try? cell.decode(Float.self)).map { String($0) }
        case .numeric: return (try? cell.decode(Decimal.self)).map { "\($0)" }
        case .timestamptz, .timestamp, .date:
            return (try? cell.decode(Date.self)).map { ISO8601DateFormatter().string(from: $0) }
        case .uuid: return (try? cell.decode(UUID.self)).map { $0.uuidString.lowercased() }
        case .text, .varchar, .bpchar, .name, .json, .jsonb:
            return try? cell.decode(String.self)
        default:
            return "(\(cell.dataType) value; cast it to text)"
        }
    }
}
