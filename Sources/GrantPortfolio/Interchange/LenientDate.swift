import Foundation

/// Reads the dates real grant files hold, which are not always ISO 8601, and
/// says how each was read, so that an import can list every guess.
///
/// ```swift
/// LenientDate.read("2013-05-14")?.date                  // 2013-05-14, rule nil: exact
/// LenientDate.read("2015-06-01T00:00:00+00:00")?.rule   // nil: a date-time, its date as written
/// LenientDate.read("17/03/2014")?.rule                  // "DD/MM/YYYY"
/// LenientDate.read("08/2013")?.date                     // 2013-08-01, "MM/YYYY, day taken as the 1st"
/// LenientDate.read("08/2013", boundary: .end)?.date     // 2013-08-31
/// LenientDate.read("19 April 2013")?.date               // 2013-04-19, "D Month YYYY"
/// LenientDate.read("next spring")                       // nil
/// ```
///
/// Accepted: `YYYY-MM-DD`; RFC 3339 date-times (the date as written, in its
/// own offset); `DD/MM/YYYY` (also with `-` or `.`, and with a time after it),
/// read as `MM/DD/YYYY` only when the second number cannot be a month;
/// `MM/YYYY`, `YYYY-MM` and `YYYY` (the first or last day, by ``Boundary``);
/// English month names (`19 April 2013`, `19th Apr 2013`, `April 19, 2013`,
/// `April 2013`). Two-digit years are refused: they are too ambiguous.
public enum LenientDate {
    /// Which day a date without a day (`08/2013`) or month (`2013`) stands for.
    public enum Boundary: Sendable, Hashable {
        /// The first day: for start dates and award dates.
        case start
        /// The last day: for end dates.
        case end
    }

    /// What was read.
    public struct Reading: Sendable, Hashable {
        /// The date.
        public var date: CalendarDate
        /// How the text was read, when it was not an ISO date or an RFC 3339
        /// date-time: this is then a guess, such as `"DD/MM/YYYY"`.
        public var rule: String?
        /// The time of day, `HH:MM:SS`, when the text had one.
        public var time: String?
        /// Whether the text was a valid RFC 3339 date-time.
        public var isDateTime: Bool
    }

    /// Reads `text`, or returns nil when it is not a date in any accepted form
    /// (or names a day that does not exist).
    public static func read(_ text: String, boundary: Boundary = .start) -> Reading? {
        let hasSpace = { (scalar: Unicode.Scalar?) in scalar?.properties.isWhitespace ?? false }
        let trimmed = hasSpace(text.unicodeScalars.first) || hasSpace(text.unicodeScalars.last)
            ? text.trimmingCharacters(in: .whitespacesAndNewlines) : text
        guard var reading = readTrimmed(trimmed, boundary: boundary) else { return nil }
        if trimmed != text {
            reading.rule = (reading.rule.map { $0 + ", " } ?? "") + "spaces around it removed"
            reading.isDateTime = false
        }
        return reading
    }

    /// True when `text` is an ISO date `YYYY-MM-DD` of a day that exists.
    public static func isISODate(_ text: String) -> Bool {
        (try? CalendarDate(text)) != nil
    }

    /// True when `text` is an RFC 3339 date-time, as JSON Schema's
    /// `date-time` format requires: `2015-06-01T00:00:00+00:00`.
    public static func isRFC3339DateTime(_ text: String) -> Bool {
        parseRFC3339(Array(text.utf8)) != nil
    }

    // MARK: - Forms

    private static func readTrimmed(_ text: String, boundary: Boundary) -> Reading? {
        let bytes = Array(text.utf8)
        if let date = try? CalendarDate(text) { return Reading(date: date, rule: nil, time: nil, isDateTime: false) }
        if let (date, time) = parseRFC3339(bytes) { return Reading(date: date, rule: nil, time: time, isDateTime: true) }
        if let reading = isoLike(bytes, boundary: boundary) { return reading }
        if let reading = numeric(bytes, boundary: boundary) { return reading }
        return named(text, boundary: boundary)
    }

    /// `YYYY-MM-DD HH:MM[:SS]`, `YYYY-MM-DDTHH:MM[:SS]` without an offset,
    /// `YYYY-MM`, `YYYY`.
    private static func isoLike(_ bytes: [UInt8], boundary: Boundary) -> Reading? {
        let groups = digitGroups(bytes)
        if bytes.count >= 16, bytes.count <= 26, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x20 || bytes[10] == 0x54,
           let date = try? CalendarDate(String(decoding: bytes[0..<10], as: UTF8.self)),
           let time = timeOfDay(Array(bytes[11...]))
        {
            return Reading(date: date, rule: "date and time without a time zone, time dropped", time: time, isDateTime: false)
        }
        if groups.separators == [0x2D], groups.numbers.count == 2, groups.lengths == [4, 2],
           let date = monthBoundary(year: groups.numbers[0], month: groups.numbers[1], boundary: boundary)
        {
            return Reading(date: date, rule: "YYYY-MM, " + dayRule(boundary), time: nil, isDateTime: false)
        }
        if groups.separators.isEmpty, groups.lengths == [4], let date = yearBoundary(groups.numbers[0], boundary) {
            return Reading(
                date: date, rule: "YYYY, " + (boundary == .start ? "taken as 1 January" : "taken as 31 December"), time: nil,
                isDateTime: false)
        }
        return nil
    }

    /// `DD/MM/YYYY`, `DD-MM-YYYY`, `DD.MM.YYYY` (optionally followed by a
    /// time), `MM/YYYY`.
    private static func numeric(_ bytes: [UInt8], boundary: Boundary) -> Reading? {
        var dateBytes = bytes
        var time: String?
        if let space = bytes.firstIndex(of: 0x20) {
            guard let parsed = timeOfDay(Array(bytes[(space + 1)...])) else { return nil }
            time = parsed
            dateBytes = Array(bytes[..<space])
        }
        let groups = digitGroups(dateBytes)
        guard groups.separators.count == groups.numbers.count - 1,
              let separator = groups.separators.first, [0x2F, 0x2D, 0x2E].contains(separator),
              groups.separators.allSatisfy({ $0 == separator })
        else { return nil }
        let symbol = String(UnicodeScalar(separator))
        let timeNote = time == nil ? "" : " with a time"
        if groups.numbers.count == 3, groups.lengths[2] == 4, groups.lengths[0] <= 2, groups.lengths[1] <= 2 {
            let (first, second, year) = (groups.numbers[0], groups.numbers[1], groups.numbers[2])
            if let date = try? CalendarDate(year: year, month: second, day: first) {
                return Reading(date: date, rule: "DD\(symbol)MM\(symbol)YYYY\(timeNote)", time: time, isDateTime: false)
            }
            if second > 12, let date = try? CalendarDate(year: year, month: first, day: second) {
                return Reading(
                    date: date, rule: "MM\(symbol)DD\(symbol)YYYY\(timeNote) (\(second) cannot be a month)", time: time,
                    isDateTime: false)
            }
            return nil
        }
        if time == nil, groups.numbers.count == 2, groups.lengths[0] <= 2, groups.lengths[1] == 4,
           let date = monthBoundary(year: groups.numbers[1], month: groups.numbers[0], boundary: boundary)
        {
            return Reading(date: date, rule: "MM\(symbol)YYYY, " + dayRule(boundary), time: nil, isDateTime: false)
        }
        return nil
    }

    /// Dates with English month names.
    private static func named(_ text: String, boundary: Boundary) -> Reading? {
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "," || $0 == "-" }).map(String.init)
        guard (2...3).contains(words.count) else { return nil }
        func day(_ word: String) -> Int? {
            var digits = word
            for suffix in ["st", "nd", "rd", "th"] where digits.hasSuffix(suffix) { digits.removeLast(2) }
            guard (1...2).contains(digits.count), digits.allSatisfy(\.isASCII), let value = Int(digits) else { return nil }
            return value
        }
        func year(_ word: String) -> Int? {
            word.count == 4 && word.allSatisfy({ $0.isASCII && $0.isNumber }) ? Int(word) : nil
        }
        if words.count == 3, let d = day(words[0]), let m = month(words[1]), let y = year(words[2]),
           let date = try? CalendarDate(year: y, month: m, day: d)
        {
            return Reading(date: date, rule: "D Month YYYY", time: nil, isDateTime: false)
        }
        if words.count == 3, let m = month(words[0]), let d = day(words[1]), let y = year(words[2]),
           let date = try? CalendarDate(year: y, month: m, day: d)
        {
            return Reading(date: date, rule: "Month D, YYYY", time: nil, isDateTime: false)
        }
        if words.count == 2, let m = month(words[0]), let y = year(words[1]),
           let date = monthBoundary(year: y, month: m, boundary: boundary)
        {
            return Reading(date: date, rule: "Month YYYY, " + dayRule(boundary), time: nil, isDateTime: false)
        }
        return nil
    }

    private static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
    ]

    private static func month(_ word: String) -> Int? {
        var word = word
        if word.hasSuffix(".") { word.removeLast() }
        if let index = monthNames.firstIndex(of: word) { return index + 1 }
        guard word.count >= 3 else { return nil }
        if word == "sept" { return 9 }
        let matches = monthNames.indices.filter { monthNames[$0].hasPrefix(word) }
        return word.count == 3 && matches.count == 1 ? matches[0] + 1 : nil
    }

    private static func dayRule(_ boundary: Boundary) -> String {
        boundary == .start ? "day taken as the 1st" : "day taken as the last of the month"
    }

    private static func monthBoundary(year: Int, month: Int, boundary: Boundary) -> CalendarDate? {
        guard (1...12).contains(month), (1...9999).contains(year) else { return nil }
        let day = boundary == .start ? 1 : CalendarDate.daysIn(month: month, year: year)
        return try? CalendarDate(year: year, month: month, day: day)
    }

    private static func yearBoundary(_ year: Int, _ boundary: Boundary) -> CalendarDate? {
        try? CalendarDate(year: year, month: boundary == .start ? 1 : 12, day: boundary == .start ? 1 : 31)
    }

    /// Runs of ASCII digits and the single bytes between them; nil numbers
    /// when anything else appears.
    private static func digitGroups(_ bytes: [UInt8]) -> (numbers: [Int], lengths: [Int], separators: [UInt8]) {
        var numbers: [Int] = [], lengths: [Int] = [], separators: [UInt8] = []
        var current = 0, length = 0
        var expectDigit = true
        for byte in bytes {
            if (48...57).contains(byte) {
                guard length < 9 else { return ([], [], [0]) }
                current = current * 10 + Int(byte - 48)
                length += 1
                expectDigit = false
            } else {
                guard !expectDigit else { return ([], [], [0]) }
                numbers.append(current)
                lengths.append(length)
                separators.append(byte)
                current = 0
                length = 0
                expectDigit = true
            }
        }
        guard !expectDigit else { return ([], [], [0]) }
        numbers.append(current)
        lengths.append(length)
        return (numbers, lengths, separators)
    }

    /// `HH:MM` or `HH:MM:SS` (optionally with a fraction); returns `HH:MM:SS`.
    private static func timeOfDay(_ bytes: [UInt8]) -> String? {
        let groups = digitGroups(bytes)
        guard !groups.numbers.isEmpty, groups.lengths.prefix(3).allSatisfy({ $0 == 2 }) else { return nil }
        let colons = groups.separators.prefix(2)
        guard colons.allSatisfy({ $0 == 0x3A }) else { return nil }
        switch groups.numbers.count {
        case 2 where groups.separators == [0x3A]: break
        case 3 where groups.separators == [0x3A, 0x3A]: break
        case 4 where groups.separators == [0x3A, 0x3A, 0x2E]: break
        default: return nil
        }
        let (hour, minute) = (groups.numbers[0], groups.numbers[1])
        let second = groups.numbers.count >= 3 ? groups.numbers[2] : 0
        guard hour < 24, minute < 60, second < 60 else { return nil }
        return two(hour) + ":" + two(minute) + ":" + two(second)
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, `T` and `Z` in either case,
    /// as the `rfc3339-validator` Python package checks it.
    private static func parseRFC3339(_ bytes: [UInt8]) -> (CalendarDate, String)? {
        guard bytes.count >= 20, bytes[10] == 0x54 || bytes[10] == 0x74,
              let date = try? CalendarDate(String(decoding: bytes[0..<10], as: UTF8.self))
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count, bytes[range].allSatisfy({ (48...57).contains($0) }) else { return nil }
            return bytes[range].reduce(0) { $0 * 10 + Int($1 - 48) }
        }
        guard let hour = number(11..<13), bytes[13] == 0x3A, let minute = number(14..<16), bytes[16] == 0x3A,
              let second = number(17..<19), hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        if index < bytes.count, bytes[index] == 0x2E {
            index += 1
            let start = index
            while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
            guard index > start else { return nil }
        }
        guard index < bytes.count else { return nil }
        if bytes[index] == 0x5A || bytes[index] == 0x7A {
            index += 1
        } else if bytes[index] == 0x2B || bytes[index] == 0x2D {
            guard let offsetHour = number((index + 1)..<(index + 3)), index + 3 < bytes.count, bytes[index + 3] == 0x3A,
                  let offsetMinute = number((index + 4)..<(index + 6)), offsetHour < 24, offsetMinute < 60
            else { return nil }
            index += 6
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        return (date, two(hour) + ":" + two(minute) + ":" + two(second))
    }
}
