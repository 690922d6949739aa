import Foundation
import SQLiteCore

/// A day in the proleptic Gregorian calendar, with no time or time zone:
/// the business dates of a portfolio ("approved on 2013-05-14").
///
/// Stored as `TEXT` in ISO 8601 form, `YYYY-MM-DD`, which sorts and compares
/// correctly as text. Parsing checks the calendar, so `2024-02-30` is refused
/// (SQLite's `date()` check alone would let it through).
///
/// ```swift
/// let approved = try CalendarDate("2013-05-14")
/// approved.year            // 2013
/// approved < CalendarDate.today
/// ```
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date, checking that the day exists.
    ///
    /// - Throws: ``PortfolioError`` (`invalidValue`, record kind ``RecordKind/date``) when the day does not exist
    ///   or the year is outside 1 to 9999.
    public init(year: Int, month: Int, day: Int) throws {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
        else {
            throw PortfolioError.invalidValue(
                record: RecordName(kind: .date), field: "date",
                value: String(format: "%04d-%02d-%02d", year, month, day), reason: "no such day")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    ///
    /// - Throws: ``PortfolioError`` (`invalidValue`, record kind ``RecordKind/date``) when `text` is not
    ///   `YYYY-MM-DD` or names no such day.
    public init(_ text: String) throws {
        // Fast path, for the dates read back from the database by the
        // million: ten ASCII bytes of digits and dashes, read in place.
        let utf8 = text.utf8
        if utf8.count == 10, case let (year, month, day)?? = utf8.withContiguousStorageIfAvailable(Self.digits),
           (1...9999).contains(year), (1...12).contains(month), (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
        {
            try self.init(year: year, month: month, day: day)  // checked above: does not throw
            return
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3,
              parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else {
            throw PortfolioError.invalidValue(
                record: RecordName(kind: .date), field: "date", value: text, reason: "expected YYYY-MM-DD")
        }
        do {
            try self.init(year: year, month: month, day: day)
        } catch {
            throw PortfolioError.invalidValue(record: RecordName(kind: .date), field: "date", value: text, reason: "no such day")
        }
    }

    /// Year, month and day of `DDDD-DD-DD`, or nil for any other ten bytes.
    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int)? {
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10)
        else { return nil }
        return (year, month, day)
    }

    /// Today's date in UTC.
    public static var today: CalendarDate {
        let parts = Calendar(identifier: .gregorian).dateComponents(
            in: TimeZone(identifier: "UTC")!, from: Date())
        // A date from the system clock always exists.
        return try! CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        // Ten ASCII digits and dashes, written directly: dates are bound to
        // statements and written to exports by the million.
        let digit = UInt8(ascii: "0"), dash = UInt8(ascii: "-")
        let bytes: [UInt8] = [
            digit + UInt8(year / 1000), digit + UInt8(year / 100 % 10), digit + UInt8(year / 10 % 10), digit + UInt8(year % 10),
            dash, digit + UInt8(month / 10), digit + UInt8(month % 10), dash, digit + UInt8(day / 10), digit + UInt8(day % 10),
        ]
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

extension CalendarDate: SQLiteBindable, SQLiteColumnDecodable {
    public var sqliteValue: SQLiteValue { .text(description) }

    /// Reads a date stored as `YYYY-MM-DD` text.
    ///
    /// - Throws: `RowDecodingError` when the column is not TEXT; ``PortfolioError`` (`invalidValue`, kind
    ///   ``RecordKind/date``) when its text is not a valid `YYYY-MM-DD` date.
    public init(column: Column) throws {
        guard column.storageClass == .text else { throw column.mismatch(CalendarDate.self) }
        self = try CalendarDate(column.stringValue)
    }
}

/// A date is `Codable` as its `YYYY-MM-DD` text: `"2013-05-14"`.
extension CalendarDate: Codable {
    /// Reads `YYYY-MM-DD`; anything else, or a day that does not exist, is a
    /// `DecodingError.dataCorrupted` at the field's coding path.
    ///
    /// - Throws: `DecodingError` when a key is missing (`keyNotFound`), a value has the wrong JSON type
    ///   (`typeMismatch`), or a value breaks a rule of the type, such as an ill-formed currency code or an invalid
    ///   date (`dataCorrupted`).
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try CalendarDate(text)
        } catch let PortfolioError.invalidValue(_, _, value, reason) {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(value)': \(reason)")
        }
    }

    /// Writes `YYYY-MM-DD`.
    ///
    /// - Throws: What the encoder throws, such as `EncodingError.invalidValue` for a value it cannot represent.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
