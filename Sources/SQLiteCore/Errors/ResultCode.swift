import CSQLite

/// A SQLite result code, primary or extended.
///
/// SQLite reports failures as a primary code (the low 8 bits, such as
/// ``constraint``) refined by an extended code (such as ``constraintUnique``).
/// See <https://www.sqlite.org/rescode.html>.
///
/// A primary code used as a `switch` pattern matches all of its extended codes:
///
/// ```swift
/// switch error.code {
/// case .constraintUnique: print("duplicate")
/// case .constraint: print("some other constraint")
/// case .busy: print("locked by another connection")
/// default: throw error
/// }
/// ```
public struct ResultCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The numeric code, as returned by the C API.
    public let rawValue: Int32

    /// Creates a result code from its numeric value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The primary code: the low 8 bits of an extended code.
    public var primary: ResultCode { ResultCode(rawValue: rawValue & 0xFF) }

    /// True when `code` equals `pattern`, or when `pattern` is a primary code
    /// and `code` is one of its extended codes.
    public static func ~= (pattern: ResultCode, code: ResultCode) -> Bool {
        if pattern.rawValue == pattern.primary.rawValue {
            return code.primary == pattern
        }
        return code == pattern
    }

    /// SQLite's own English name for the code, such as "constraint failed".
    public var description: String {
        String(cString: sqlite3_errstr(rawValue)) + " (\(rawValue))"
    }

    // Primary codes.
    public static let ok = ResultCode(rawValue: 0)
    public static let error = ResultCode(rawValue: 1)
    public static let `internal` = ResultCode(rawValue: 2)
    public static let permission = ResultCode(rawValue: 3)
    public static let abort = ResultCode(rawValue: 4)
    public static let busy = ResultCode(rawValue: 5)
    public static let locked = ResultCode(rawValue: 6)
    public static let noMemory = ResultCode(rawValue: 7)
    public static let readOnly = ResultCode(rawValue: 8)
    public static let interrupt = ResultCode(rawValue: 9)
    public static let ioError = ResultCode(rawValue: 10)
    public static let corrupt = ResultCode(rawValue: 11)
    public static let notFound = ResultCode(rawValue: 12)
    public static let full = ResultCode(rawValue: 13)
    public static let cantOpen = ResultCode(rawValue: 14)
    public static let `protocol` = ResultCode(rawValue: 15)
    public static let schema = ResultCode(rawValue: 17)
    public static let tooBig = ResultCode(rawValue: 18)
    public static let constraint = ResultCode(rawValue: 19)
    public static let mismatch = ResultCode(rawValue: 20)
    public static let misuse = ResultCode(rawValue: 21)
    public static let auth = ResultCode(rawValue: 23)
    public static let range = ResultCode(rawValue: 25)
    public static let notADatabase = ResultCode(rawValue: 26)
    public static let row = ResultCode(rawValue: 100)
    public static let done = ResultCode(rawValue: 101)

    // Extended codes the library distinguishes.
    public static let busyRecovery = ResultCode(rawValue: 5 | (1 << 8))
    public static let busySnapshot = ResultCode(rawValue: 5 | (2 << 8))
    public static let busyTimeout = ResultCode(rawValue: 5 | (3 << 8))
    public static let readOnlyDatabaseMoved = ResultCode(rawValue: 8 | (4 << 8))
    public static let corruptIndex = ResultCode(rawValue: 11 | (3 << 8))
    public static let constraintCheck = ResultCode(rawValue: 19 | (1 << 8))
    public static let constraintForeignKey = ResultCode(rawValue: 19 | (3 << 8))
    public static let constraintNotNull = ResultCode(rawValue: 19 | (5 << 8))
    public static let constraintPrimaryKey = ResultCode(rawValue: 19 | (6 << 8))
    public static let constraintTrigger = ResultCode(rawValue: 19 | (7 << 8))
    public static let constraintUnique = ResultCode(rawValue: 19 | (8 << 8))
    public static let constraintDataType = ResultCode(rawValue: 19 | (12 << 8))
}
