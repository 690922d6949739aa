import Foundation
import GrantPortfolio
import SQLiteCore

/// How one `SQLiteValue` is shown in each output format.
///
/// ```swift
/// ValueRendering.text(.integer(42))           // "42"
/// ValueRendering.text(.null)                  // ""
/// ValueRendering.text(.blob(Data([1, 255])))  // "X'01FF'"
/// ValueRendering.json(.blob(Data([1, 255])))  // {"$base64": true, "encoded": "Af8="}
/// ```
public enum ValueRendering {
    /// The text of a table or CSV cell: NULL is empty; integers in full;
    /// reals in their shortest exact form (`0.1`, `1e+20`, `Inf`); text as is;
    /// a BLOB as SQLite's blob literal, `X'` and uppercase hex digits and `'`.
    public static func text(_ value: SQLiteValue) -> String {
        switch value {
        case .null: ""
        case .integer(let int): String(int)
        // SQLite REAL (never money, which is INTEGER minor units): its shortest exact text.
        case .real(let value): value.isInfinite ? (value < 0 ? "-Inf" : "Inf") : value.description
        case .text(let string): string
        case .blob(let data): "X'" + hex(data) + "'"
        }
    }

    /// The JSON of a value: NULL is `null`; integers and reals are numbers
    /// (an infinite real is `9e999` or `-9e999`, as SQLite's JSON functions
    /// write it); text is a string; a BLOB is an object
    /// `{"$base64": true, "encoded": "…"}` holding its bytes in base64, the
    /// convention of sqlite-utils.
    public static func json(_ value: SQLiteValue) -> JSONValue {
        switch value {
        case .null: return .null
        case .integer(let int): return .number(String(int))
        case .real(let double):
            if double.isFinite { return .number(double.description) }
            if double.isNaN { return .null }
            return .number(double < 0 ? "-9e999" : "9e999")
        case .text(let string): return .string(string)
        case .blob(let data):
            return .object([(key: "$base64", value: .bool(true)), (key: "encoded", value: .string(data.base64EncodedString()))])
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func hex(_ data: Data) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(data.count * 2)
        for byte in data {
            bytes.append(hexDigits[Int(byte >> 4)])
            bytes.append(hexDigits[Int(byte & 0xF)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
