import Foundation

/// Checks the fields of one record before it is written, throwing
/// ``PortfolioError/invalidValue(record:field:value:reason:)`` naming the record
/// and the field. The schema checks the same things as a last line of defence;
/// checking first gives messages a person can act on.
struct FieldCheck {
    /// How the record is named in messages, such as `project 'LPR-2013-07'`.
    let record: RecordName

    func nonEmpty(_ value: String, _ field: String, maxLength: Int = 10_000_000) throws {
        if Self.isBlank(value) {
            throw PortfolioError.invalidValue(record: record, field: field, value: value, reason: "must not be empty")
        }
        // SQLite's length() counts the characters before the first NUL: the
        // schema would see such a value as empty.
        if value.utf8.first == 0 {
            throw PortfolioError.invalidValue(record: record, field: field, value: value, reason: "must not start with a NUL character")
        }
        if value.utf8.count > maxLength {
            throw PortfolioError.invalidValue(
                record: record, field: field, value: value, reason: "longer than \(maxLength) bytes")
        }
    }

    /// True when `value` is empty or only white space and newlines. A value
    /// that starts with an ASCII character other than white space is not
    /// blank, which settles nearly every value without Foundation.
    static func isBlank(_ value: String) -> Bool {
        guard let first = value.utf8.first else { return true }
        if first < 0x80 && first != 0x20 && !(0x09...0x0D).contains(first) { return false }
        return value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    func optionalNonEmpty(_ value: String?, _ field: String) throws {
        if let value { try nonEmpty(value, field) }
    }

    func countryCode(_ value: String?, _ field: String) throws {
        guard let value else { return }
        guard value.utf8.count == 2, value.utf8.allSatisfy({ (65...90).contains($0) }) else {
            throw PortfolioError.invalidValue(
                record: record, field: field, value: value, reason: "an ISO 3166-1 alpha-2 code is two letters A-Z")
        }
    }

    func organisationType(_ value: String?, _ field: String) throws {
        guard let value else { return }
        guard value.utf8.count == 2, value.utf8.allSatisfy({ (48...57).contains($0) }) else {
            throw PortfolioError.invalidValue(
                record: record, field: field, value: value, reason: "an IATI OrganisationType code is two digits")
        }
    }

    func languageCode(_ value: String?, _ field: String) throws {
        guard let value else { return }
        let bytes = Array(value.utf8)
        let valid = (2...35).contains(bytes.count) && (97...122).contains(bytes[0])
            && bytes.allSatisfy { (97...122).contains($0) || (65...90).contains($0) || (48...57).contains($0) || $0 == 45 }
        if !valid {
            throw PortfolioError.invalidValue(
                record: record, field: field, value: value, reason: "expected a language code such as lv or nb-NO")
        }
    }

    func email(_ value: String?, _ field: String) throws {
        guard let value else { return }
        // No NUL: SQLite's GLOB, which the schema checks it with, stops there.
        guard let at = value.firstIndex(of: "@"), at != value.startIndex, value.index(after: at) != value.endIndex,
              !value.utf8.contains(0) else {
            throw PortfolioError.invalidValue(record: record, field: field, value: value, reason: "not an email address")
        }
    }

    func order(_ start: CalendarDate?, _ end: CalendarDate?, startField: String, endField: String) throws {
        if let start, let end, end < start {
            throw PortfolioError.invalidValue(
                record: record, field: endField, value: end.description, reason: "is before \(startField) \(start)")
        }
    }

    func jsonObject(_ value: String?, _ field: String) throws {
        guard let value else { return }
        // The library's one JSON reader, the one the exports read the value back with.
        guard case .object? = try? JSONValue(parsing: value) else {
            throw PortfolioError.invalidValue(record: record, field: field, value: value, reason: "must be a JSON object")
        }
    }
}
