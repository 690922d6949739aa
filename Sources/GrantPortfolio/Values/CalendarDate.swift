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
    public init(year: Int, month: Int, day: Int) throws {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
        else {
            throw PortfolioError.invalidValue(
                record: "date", field: "date",
                value: String(format: "%04d-%02d-%02d", year, month, day), reason: "no such day")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init(_ text: String) throws {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3,
              parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else {
            throw PortfolioError.invalidValue(
                record: "date", field: "date", value: text, reason: "expected YYYY-MM-DD")
        }
        do {
            try self.init(year: year, month: month, day: day)
        } catch {
            throw PortfolioError.invalidValue(record: "date", field: "date", value: text, reason: "no such day")
        }
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
        let y = String(year), m = String(month), d = String(day)
        return String(repeating: "0", count: 4 - y.count) + y + "-"
            + (m.count == 1 ? "0" : "") + m + "-" + (d.count == 1 ? "0" : "") + d
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

    public init(column: Column) throws {
        guard column.storageClass == .text else { throw column.mismatch(CalendarDate.self) }
        self = try CalendarDate(column.stringValue)
    }
}

extension CalendarDate: Codable {
    public init(from decoder: Decoder) throws {
        self = try CalendarDate(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
