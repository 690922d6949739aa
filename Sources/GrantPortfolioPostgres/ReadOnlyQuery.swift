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

    /// A cell as text: NULL as nil; integers, booleans, exact `numeric`,
    /// dates, timestamps, UUIDs and text as themselves; anything else (a
    /// `float8` too: nothing here goes through floating point) as its wire
    /// bytes (text format) or a note to cast it to text, which PostgreSQL
    /// then prints itself.
    static func text(_ cell: PostgresCell) -> String? {
        guard var bytes = cell.bytes else { return nil }
        if cell.format == .text { return bytes.readString(length: bytes.readableBytes) }
        switch cell.dataType {
        case .int8: return (try? cell.decode(Int64.self)).map { String($0) }
        case .int4: return (try? cell.decode(Int32.self)).map { String($0) }
        case .int2: return (try? cell.decode(Int16.self)).map { String($0) }
        case .bool: return (try? cell.decode(Bool.self)).map { $0 ? "true" : "false" }
        case .numeric: return numericText(bytes)
        case .date: return dateText(bytes)
        case .timestamptz, .timestamp:
            return (try? cell.decode(Date.self)).map { ISO8601DateFormatter().string(from: $0) }
        case .uuid: return (try? cell.decode(UUID.self)).map { $0.uuidString.lowercased() }
        case .text, .varchar, .bpchar, .name, .json, .jsonb:
            return try? cell.decode(String.self)
        default:
            return "(\(cell.dataType) value; cast it to text)"
        }
    }

    /// A `numeric` in its binary form (digit count, weight, sign, display
    /// scale, then base-10,000 digits) as PostgreSQL prints it, exactly:
    /// every digit, the scale's trailing zeros, `NaN` and the infinities.
    static func numericText(_ bytes: ByteBuffer) -> String? {
        var bytes = bytes
        guard let count = bytes.readInteger(as: Int16.self), let weight = bytes.readInteger(as: Int16.self),
              let sign = bytes.readInteger(as: UInt16.self), let scale = bytes.readInteger(as: Int16.self), count >= 0, scale >= 0
        else { return nil }
        switch sign {
        case 0xC000: return "NaN"
        case 0xD000: return "Infinity"
        case 0xF000: return "-Infinity"
        default: break
        }
        var digits: [Int] = []
        for _ in 0..<count {
            guard let digit = bytes.readInteger(as: Int16.self) else { return nil }
            digits.append(Int(digit))
        }
        /// The base-10,000 digit worth 10,000^power.
        func digit(_ power: Int) -> Int {
            let index = Int(weight) - power
            return index >= 0 && index < digits.count ? digits[index] : 0
        }
        var text = sign == 0x4000 ? "-" : ""
        if weight < 0 {
            text += "0"
        } else {
            text += String(digit(Int(weight)))
            for power in stride(from: Int(weight) - 1, through: 0, by: -1) { text += padded(digit(power), 4) }
        }
        if scale > 0 {
            var fraction = ""
            var power = -1
            while fraction.count < Int(scale) {
                fraction += padded(digit(power), 4)
                power -= 1
            }
            text += "." + fraction.prefix(Int(scale))
        }
        return text
    }

    /// A `date` in its binary form (days since 2000-01-01) as PostgreSQL
    /// prints it: `YYYY-MM-DD` in the proleptic Gregorian calendar, `BC`
    /// after a year before 1 (year 0 is 1 BC); `infinity` and `-infinity`.
    static func dateText(_ bytes: ByteBuffer) -> String? {
        var bytes = bytes
        guard let days = bytes.readInteger(as: Int32.self) else { return nil }
        if days == Int32.max { return "infinity" }
        if days == Int32.min { return "-infinity" }
        // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
        let z = Int(days) + 10_957 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let date = "\(padded(year > 0 ? year : 1 - year, 4))-\(padded(month, 2))-\(padded(day, 2))"
        return year > 0 ? date : date + " BC"
    }

    /// A non-negative `value` in decimal, zero-padded to `width` digits.
    private static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
